package dev.mamori.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.mamori.backup.drill.DrillResult;

/**
 * A restore drill as the API and UI see it.
 *
 * @param id the drill run's id
 * @param appId the app
 * @param snapshotId the snapshot drilled
 * @param snapshotName its archive
 * @param snapshotCreatedAt when that backup was taken
 * @param snapshotSuspect why anomaly detection marked the snapshot suspect, or {@code null}
 * @param trigger {@code SCHEDULE} or {@code MANUAL}
 * @param requestedBy who started it ({@code system} for the schedule)
 * @param startedAt when it started
 * @param finishedAt when it ended, or {@code null} while it runs
 * @param status {@code RUNNING}, {@code PASSED} or {@code FAILED}
 * @param restoreTime the measured restore time (restored, checked and, when declared, booted), or {@code null}
 * @param error why it failed
 * @param reportNumber {@code DRL-YYYY-NNN}, once it ended
 * @param steps each step with its outcome and duration
 */
public record DrillRunView(long id, String appId, long snapshotId, String snapshotName, Instant snapshotCreatedAt,
		String snapshotSuspect, String trigger, String requestedBy, Instant startedAt, Instant finishedAt, String status,
		Duration restoreTime, String error, String reportNumber, List<DrillResult.Step> steps) {

	/** Still running. */
	public static final String RUNNING = "RUNNING";

	/** Every step passed. */
	public static final String PASSED = "PASSED";

	/** A step failed. */
	public static final String FAILED = "FAILED";

	/**
	 * @return whether it passed
	 */
	public boolean passed() {
		return PASSED.equals(this.status);
	}

}
