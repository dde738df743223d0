package dev.mamori.monitor;

import java.time.Instant;

/**
 * Published by the engine when a monitor went DOWN and its incident row was opened; incident
 * handling (timeline, audit, alert) and remediation listen.
 *
 * @param incidentId the open incident
 * @param monitorId the monitor
 * @param monitorName its name
 * @param definition its definition
 * @param at when the result was taken
 * @param error the failed check's message
 */
public record IncidentOpened(long incidentId, long monitorId, String monitorName, MonitorDefinition definition,
		Instant at, String error) {
}
