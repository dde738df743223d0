package dev.mamori.monitor;

import java.time.Instant;

/**
 * Published by the engine when a monitor's incident row was closed; incident handling (timeline,
 * audit, alert) and remediation listen.
 *
 * @param incidentId the closed incident
 * @param monitorId the monitor
 * @param monitorName its name
 * @param definition its definition
 * @param at when it closed
 * @param message the passing check's message
 */
public record IncidentResolved(long incidentId, long monitorId, String monitorName, MonitorDefinition definition,
		Instant at, String message) {
}
