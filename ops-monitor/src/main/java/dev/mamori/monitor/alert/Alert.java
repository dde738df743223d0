package dev.mamori.monitor.alert;

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
 */
public record Alert(Kind kind, Long incidentId, Long monitorId, String monitorName, String appId, String appName,
		String error, Instant since, String tried, Instant at) {

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

		/** A restore could not be completed nor rolled back. */
		RESTORE_FAILED,

		/** Sent by an administrator to test the channels. */
		TEST

	}

}
