package dev.mamori.backup.drill;

import java.time.Duration;
import java.util.List;

/**
 * How a drill ended.
 *
 * @param succeeded whether every step passed
 * @param steps each step in order
 * @param restoreTime how long the restore into scratch took (extract, checks, swap): the measured
 * restore time against the RTO
 * @param error the first failure, or {@code null}
 */
public record DrillResult(boolean succeeded, List<Step> steps, Duration restoreTime, String error) {

	/**
	 * One step.
	 * @param name RESTORE, QUERIES, BOOT or CLEANUP (or a restore step such as EXTRACT)
	 * @param outcome SUCCEEDED, FAILED or SKIPPED
	 * @param message what happened
	 * @param took how long it took
	 */
	public record Step(String name, String outcome, String message, Duration took) {
	}

}
