package dev.mamori.monitor;

import java.time.Instant;

/**
 * A monitor's row: identity, state and counters.
 */
record MonitorRow(long id, String name, String origin, MonitorType type, String definitionJson, String heartbeatToken,
		boolean paused, MonitorState state, Instant stateSince, int failures, int successes, Instant lastCheckedAt,
		Boolean lastUp, String lastMessage, Long lastResponseMs, Instant lastPingAt, Long openIncidentId,
		Instant createdAt) {

	static final String CONFIG = "CONFIG";

	static final String API = "API";

	boolean fromConfig() {
		return CONFIG.equals(this.origin);
	}

}
