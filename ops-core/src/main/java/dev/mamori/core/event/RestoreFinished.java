package dev.mamori.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A restore ended, whatever its outcome; published after its outcome is recorded.
 *
 * @param appId the app
 * @param runId the restore run
 * @param outcome {@code SUCCEEDED}, {@code FAILED}, {@code ROLLED_BACK} or {@code ROLLBACK_FAILED}
 * @param message what went wrong, or {@code null} on success
 * @param snapshotName the archive restored from
 * @param reportNumber the recovery report's number, such as {@code REC-2026-004}
 * @param rto request to healthy, or {@code null} when the app did not become healthy
 * @param finishedAt when it ended
 */
public record RestoreFinished(String appId, long runId, String outcome, String message, String snapshotName,
		String reportNumber, Duration rto, Instant finishedAt) {

	/**
	 * @return whether the restore put the snapshot's data in place and the app is healthy
	 */
	public boolean succeeded() {
		return "SUCCEEDED".equals(this.outcome);
	}

}
