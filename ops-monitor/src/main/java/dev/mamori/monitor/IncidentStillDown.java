package dev.mamori.monitor;

import java.time.Instant;

/**
 * Published by the engine when a monitor with an open incident failed again; incident handling
 * (reminders) and remediation (resuming after a restore) listen.
 *
 * @param incidentId the open incident
 * @param monitorId the monitor
 * @param monitorName its name
 * @param definition its definition
 * @param at when the result was taken
 * @param error the failed check's message
 */
public record IncidentStillDown(long incidentId, long monitorId, String monitorName, MonitorDefinition definition,
		Instant at, String error) {
}
