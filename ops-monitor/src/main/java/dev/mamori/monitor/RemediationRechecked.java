package dev.mamori.monitor;

/**
 * Published by remediation after an attempt's re-check; the engine applies the result like a
 * scheduled check's (not decisive: the thresholds still count).
 *
 * @param monitorId the monitor
 * @param result the re-check's result
 */
public record RemediationRechecked(long monitorId, CheckResult result) {
}
