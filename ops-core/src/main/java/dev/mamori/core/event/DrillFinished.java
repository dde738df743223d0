package dev.mamori.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A restore drill ended.
 *
 * @param appId the app
 * @param drillId the drill run
 * @param passed whether every step passed
 * @param snapshotName the archive drilled
 * @param reportNumber the drill report's number, {@code DRL-YYYY-NNN}
 * @param error why it failed, or {@code null}
 * @param restoreTime the measured restore time, or {@code null} when the restore did not finish
 * @param suspect whether the snapshot drilled was marked suspect by anomaly detection
 * @param at when it ended
 */
public record DrillFinished(String appId, long drillId, boolean passed, String snapshotName, String reportNumber,
		String error, Duration restoreTime, boolean suspect, Instant at) {
}
