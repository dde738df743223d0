package dev.mamori.monitor;

import java.time.Instant;

/**
 * Published by the engine's incident handling when a monitor's incident closed; remediation
 * listens.
 *
 * @param incidentId the closed incident
 * @param monitorId the monitor
 * @param monitorName its name
 * @param at when it closed
 */
public record IncidentResolved(long incidentId, long monitorId, String monitorName, Instant at) {
}
