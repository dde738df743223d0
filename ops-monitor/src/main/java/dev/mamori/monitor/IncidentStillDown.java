package dev.mamori.monitor;

import java.time.Instant;

/**
 * Published by the engine's incident handling when a monitor with an open incident failed again; remediation listens.
 *
 * @param incidentId the open incident
 * @param monitorId the monitor
 * @param monitorName its name
 * @param definition its definition
 * @param at when the result was taken
 */
public record IncidentStillDown(long incidentId, long monitorId, String monitorName, MonitorDefinition definition, Instant at) {
}
