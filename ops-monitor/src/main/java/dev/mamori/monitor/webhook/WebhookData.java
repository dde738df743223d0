package dev.mamori.monitor.webhook;

import java.time.Duration;

/**
 * The {@code data} of each event type. Fields are only ever added, never renamed or removed.
 */
public final class WebhookData {

	private WebhookData() {
	}

	/**
	 * {@code backup.completed} and {@code backup.failed}.
	 * @param appId the app
	 * @param runId the backup run
	 * @param snapshotName the archive written (completed only)
	 * @param sizeBytes its size (completed only)
	 * @param verified whether it was re-read and checked (completed only)
	 * @param durationSeconds how long the run took (completed only)
	 * @param error what went wrong (failed only)
	 */
	public record Backup(String appId, long runId, String snapshotName, Long sizeBytes, Boolean verified,
			Long durationSeconds, String error) {
	}

	/**
	 * {@code restore.finished}.
	 * @param appId the app
	 * @param runId the restore run
	 * @param outcome {@code SUCCEEDED}, {@code FAILED}, {@code ROLLED_BACK} or {@code ROLLBACK_FAILED}
	 * @param message what went wrong, when it did not succeed
	 * @param snapshotName the archive restored from
	 * @param reportNumber the recovery report, such as {@code REC-2026-004}
	 * @param rtoSeconds request to healthy, when the app became healthy
	 */
	public record Restore(String appId, long runId, String outcome, String message, String snapshotName,
			String reportNumber, Long rtoSeconds) {
	}

	/**
	 * {@code incident.opened} and {@code incident.resolved}.
	 * @param incidentId the incident
	 * @param monitorId the monitor
	 * @param monitorName its name
	 * @param appId the app the monitor belongs to, if any
	 * @param message the failing check's message, or the recovering one
	 */
	public record Incident(long incidentId, long monitorId, String monitorName, String appId, String message) {
	}

	/**
	 * {@code drill.finished}.
	 * @param appId the app
	 * @param drillId the drill run
	 * @param passed whether every step passed
	 * @param snapshotName the archive drilled
	 * @param reportNumber the drill report, such as {@code DRL-2026-004}
	 * @param error why it failed, when it did
	 * @param restoreSeconds the measured restore time, when the restore finished
	 * @param suspect whether the snapshot was marked suspect by anomaly detection
	 */
	public record Drill(String appId, long drillId, boolean passed, String snapshotName, String reportNumber,
			String error, Long restoreSeconds, boolean suspect) {
	}

	/**
	 * {@code copy.failed}.
	 * @param appId the app
	 * @param snapshotName the archive that could not be copied
	 * @param target the target's id
	 * @param error what went wrong on the last try
	 */
	public record Copy(String appId, String snapshotName, String target, String error) {
	}

	static Long seconds(Duration duration) {
		return (duration != null) ? duration.toSeconds() : null;
	}

}
