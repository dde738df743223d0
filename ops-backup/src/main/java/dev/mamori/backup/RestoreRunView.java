package dev.mamori.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.mamori.backup.restore.RestoreStatus;

/**
 * A restore as the API and UI see it.
 *
 * @param id run id
 * @param appId the app
 * @param snapshotId the snapshot restored
 * @param snapshotName its archive name
 * @param snapshotCreatedAt when it was taken
 * @param sources the source ids restored
 * @param status where it ended
 * @param requestedBy who asked
 * @param requestedAt when they asked
 * @param finishedAt when it ended
 * @param rto request to healthy, when it got there
 * @param rpo request time minus snapshot time: the data-loss window
 * @param safetySnapshotId the pre-restore snapshot
 * @param error why it did not succeed
 * @param steps every step with its outcome
 * @param reportNumber the recovery report's number, {@code REC-YYYY-NNN}, once it ended
 * @param healthBefore the app's health when the restore began, or {@code null} without a health URL
 * @param preRestoreArchive the archive of the data the restore replaced, once written
 * @param outage incident opened to healthy, when the restore followed an open incident of the app
 */
public record RestoreRunView(long id, String appId, long snapshotId, String snapshotName, Instant snapshotCreatedAt,
		List<String> sources, RestoreStatus status, String requestedBy, Instant requestedAt, Instant finishedAt,
		Duration rto, Duration rpo, Long safetySnapshotId, String error, List<Step> steps, String reportNumber,
		String healthBefore, String preRestoreArchive, Duration outage) {

	/**
	 * @param position 1-based order
	 * @param name PLAN, EXTRACT, STOP_SERVICE, SWAP, CHECK, START_SERVICE, HEALTH_CHECK; ROLLBACK after a
	 * failure once the service was stopped; RECOVERY after a crash; PRE_RESTORE_ARCHIVE after success
	 * @param outcome RUNNING, SUCCEEDED, FAILED or SKIPPED
	 * @param startedAt when it started
	 * @param finishedAt when it ended
	 * @param message what happened
	 */
	public record Step(int position, String name, String outcome, Instant startedAt, Instant finishedAt,
			String message) {
	}

}
