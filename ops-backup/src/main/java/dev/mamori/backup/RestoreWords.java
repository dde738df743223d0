package dev.mamori.backup;

import java.util.Locale;

import dev.mamori.backup.restore.RestoreStatus;

/**
 * A restore's step names, step outcomes and statuses in the reader's language (Japanese or
 * English), the same words the recovery report uses, so the pages and the report agree.
 *
 * @param locale the reader's language
 */
public record RestoreWords(Locale locale) {

	/**
	 * @param name a step name such as {@code SWAP} or {@code RESTORE_db}
	 * @return its name in the reader's language; the name itself for a step without one
	 */
	public String step(String name) {
		return RecoveryReport.step(name, this.locale);
	}

	/**
	 * @param outcome RUNNING, SUCCEEDED, FAILED or SKIPPED
	 * @return the outcome in the reader's language
	 */
	public String outcome(String outcome) {
		return RecoveryReport.outcome(outcome, this.locale);
	}

	/**
	 * @param status a restore's status
	 * @return the status in the reader's language
	 */
	public String status(RestoreStatus status) {
		return RecoveryReport.status(status, this.locale);
	}

}
