package dev.mamori.monitor.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * Something worth telling a person.
 *
 * @param kind what happened
 * @param incidentId the incident, if any
 * @param monitorId the monitor, if any
 * @param monitorName its name, if any
 * @param appId the app, if any
 * @param appName the app's display name, if any
 * @param error the error in one line
 * @param since when the trouble started
 * @param tried what Mamori tried (remediation attempts), or {@code null}
 * @param at when this alert was raised
 * @param restore the restore, for the {@code RESTORE_*} kinds; {@code null} otherwise
 * @param remediationAttempts how many remediation attempts ran, told in the reader's language, or
 * {@code null}
 * @param lastGoodBackup when the app's newest good snapshot was taken, or {@code null} when it has
 * none or the alert is not about an app
 * @param suspect the snapshot and the reasons, for {@link Kind#BACKUP_SUSPECT}; {@code null} otherwise
 */
public record Alert(Kind kind, Long incidentId, Long monitorId, String monitorName, String appId, String appName,
		String error, Instant since, String tried, Instant at, Restore restore, Integer remediationAttempts,
		Instant lastGoodBackup, Suspect suspect) {

	/**
	 * An alert that is not about a suspect backup.
	 */
	public Alert(Kind kind, Long incidentId, Long monitorId, String monitorName, String appId, String appName,
			String error, Instant since, String tried, Instant at, Restore restore, Integer remediationAttempts,
			Instant lastGoodBackup) {
		this(kind, incidentId, monitorId, monitorName, appId, appName, error, since, tried, at, restore,
				remediationAttempts, lastGoodBackup, null);
	}

	/**
	 * An alert without remediation count or backup time.
	 */
	public Alert(Kind kind, Long incidentId, Long monitorId, String monitorName, String appId, String appName,
			String error, Instant since, String tried, Instant at, Restore restore) {
		this(kind, incidentId, monitorId, monitorName, appId, appName, error, since, tried, at, restore, null, null);
	}

	/**
	 * An alert about a monitor, an incident, a backup or a test: no restore.
	 */
	public Alert(Kind kind, Long incidentId, Long monitorId, String monitorName, String appId, String appName,
			String error, Instant since, String tried, Instant at) {
		this(kind, incidentId, monitorId, monitorName, appId, appName, error, since, tried, at, null);
	}

	/**
	 * What a finished restore tells.
	 *
	 * @param runId the restore run
	 * @param outcome {@code SUCCEEDED}, {@code FAILED}, {@code ROLLED_BACK} or {@code ROLLBACK_FAILED}
	 * @param snapshotName the archive restored from
	 * @param reportNumber the recovery report's number, such as {@code REC-2026-004}
	 * @param rto request to healthy, or {@code null} when the app did not become healthy
	 */
	public record Restore(long runId, String outcome, String snapshotName, String reportNumber, Duration rto) {
	}

	/**
	 * A backup whose data dropped sharply against the recent ones.
	 *
	 * @param snapshotName its archive
	 * @param reasons why, in English
	 * @param reasonsJa why, in Japanese
	 */
	public record Suspect(String snapshotName, java.util.List<String> reasons, java.util.List<String> reasonsJa) {
	}

	/** What an alert is about. */
	public enum Kind {

		/** A monitor went DOWN; an incident opened. */
		OPENED,

		/** The incident closed. */
		RESOLVED,

		/** Still DOWN: a reminder after the re-notify interval. */
		REMINDER,

		/** Remediation gave up: manual intervention required. */
		ESCALATED,

		/** A backup run failed. */
		BACKUP_FAILED,

		/** A backup finished but its data dropped sharply against the recent ones: it is marked suspect. */
		BACKUP_SUSPECT,

		/** A restore drill failed: a snapshot did not prove restorable. */
		DRILL_FAILED,

		/** No restore drill of the app passed within its max-age. */
		DRILL_OVERDUE,

		/** A recovery objective (RTO or RPO) of the app is not met. */
		OBJECTIVE_BREACHED,
		/** An off-site copy failed after all its retries; the local snapshot is unchanged. */
		COPY_FAILED,

		/** The newest good off-site copy of the app on a target is older than the copy's max-age. */
		COPY_STALE,

		/** A restore put the snapshot's data in place and the app is healthy. */
		RESTORE_SUCCEEDED,

		/** A restore failed before it touched live data or the service. */
		RESTORE_FAILED,

		/** A restore failed after it touched live data; the previous data is back. */
		RESTORE_ROLLED_BACK,

		/** A restore failed and the previous data could not be put back: manual intervention required. */
		RESTORE_ROLLBACK_FAILED,

		/** A declared action failed: its command, its pre-check or its post-check. */
		ACTION_FAILED,

		/** A checklist run is past its deadline with items not done. */
		CHECKLIST_OVERDUE,

		/** Sent by an administrator to test the channels. */
		TEST;

		/**
		 * @param outcome a restore's outcome
		 * @return the kind of its alert; an outcome this version does not know counts as failed
		 */
		public static Kind ofRestore(String outcome) {
			return switch (String.valueOf(outcome)) {
				case "SUCCEEDED" -> RESTORE_SUCCEEDED;
				case "ROLLED_BACK" -> RESTORE_ROLLED_BACK;
				case "ROLLBACK_FAILED" -> RESTORE_ROLLBACK_FAILED;
				default -> RESTORE_FAILED;
			};
		}

	}

}
