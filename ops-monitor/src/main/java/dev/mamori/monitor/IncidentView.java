package dev.mamori.monitor;

import java.time.Instant;
import java.util.List;

/**
 * An incident: opened when a monitor went DOWN, closed when it passed the success threshold.
 *
 * @param id incident id
 * @param monitorId the monitor
 * @param monitorName its name
 * @param appId the app it belongs to, if any
 * @param openedAt when the monitor went DOWN
 * @param closedAt when it recovered, or {@code null} while open
 * @param durationMs closed minus opened
 * @param firstError the error that opened it
 * @param lastError the latest error
 * @param ackedBy who acknowledged it
 * @param ackedAt when
 * @param escalated remediation gave up: manual intervention required
 * @param remediationAttempts how many remediation attempts ran
 * @param timeline what happened, oldest first (only on a single incident)
 */
public record IncidentView(long id, long monitorId, String monitorName, String appId, Instant openedAt,
		Instant closedAt, Long durationMs, String firstError, String lastError, String ackedBy, Instant ackedAt,
		boolean escalated, int remediationAttempts, List<Event> timeline) {

	IncidentView withTimeline(List<Event> events) {
		return new IncidentView(this.id, this.monitorId, this.monitorName, this.appId, this.openedAt, this.closedAt,
				this.durationMs, this.firstError, this.lastError, this.ackedBy, this.ackedAt, this.escalated,
				this.remediationAttempts, events);
	}

	/**
	 * @return whether it is still open
	 */
	public boolean open() {
		return this.closedAt == null;
	}

	/**
	 * One entry of the timeline.
	 * @param at when
	 * @param kind {@code OPENED}, {@code NOTIFIED}, {@code NOTIFY_FAILED}, {@code REMEDIATION_ATTEMPT},
	 * {@code ESCALATED}, {@code ACKNOWLEDGED}, {@code RESOLVED}
	 * @param message one line
	 * @param details JSON with the facts (command, exit code, output tail, re-check result)
	 */
	public record Event(Instant at, String kind, String message, String details) {
	}

}
