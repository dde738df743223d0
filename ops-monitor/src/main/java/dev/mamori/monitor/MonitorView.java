package dev.mamori.monitor;

import java.time.Instant;

/**
 * A monitor as the API and UI show it; never a password, a header value or the password of a URL.
 *
 * @param id monitor id
 * @param name unique name
 * @param origin {@code CONFIG} (read-only) or {@code API}
 * @param type what is checked
 * @param app the app it belongs to, if any
 * @param target what it checks, in one line (URL, host:port, path, command id, app)
 * @param state current state
 * @param stateSince since when
 * @param paused whether an operator paused it
 * @param critical whether it makes the {@code monitors} health contributor DOWN
 * @param lastCheckedAt the latest result's time
 * @param lastUp whether the latest result passed
 * @param lastMessage the latest result's message
 * @param lastResponseMs the latest response time
 * @param lastPingAt heartbeat: the latest ping
 * @param openIncidentId the open incident, if any
 * @param heartbeatPath heartbeat: the push path ({@code /api/heartbeat/<token>}); only for ADMIN
 * @param definition the definition with secrets masked; {@code null} when broken
 * @param broken why its stored definition cannot be loaded (it is not checked until it is changed
 * or deleted); {@code null} for a working monitor
 */
public record MonitorView(long id, String name, String origin, MonitorType type, String app, String target,
		MonitorState state, Instant stateSince, boolean paused, boolean critical, Instant lastCheckedAt, Boolean lastUp,
		String lastMessage, Long lastResponseMs, Instant lastPingAt, Long openIncidentId, String heartbeatPath,
		MonitorDefinition definition, String broken) {

	/**
	 * @return whether it is declared in the configuration file (and so read-only here)
	 */
	public boolean fromConfig() {
		return MonitorRow.CONFIG.equals(this.origin);
	}

	MonitorView withoutHeartbeatPath() {
		return new MonitorView(this.id, this.name, this.origin, this.type, this.app, this.target, this.state,
				this.stateSince, this.paused, this.critical, this.lastCheckedAt, this.lastUp, this.lastMessage,
				this.lastResponseMs, this.lastPingAt, this.openIncidentId, null, this.definition, this.broken);
	}

}
