package dev.mamori.backup;

import java.time.Duration;
import java.time.Instant;

/**
 * An app's proof of restorability and its recovery objectives, as the dashboard and app page show them.
 *
 * @param appId the app
 * @param drillsDeclared whether the app declares drills ({@code drill:} in its configuration)
 * @param lastPassed its newest drill that passed, or {@code null}
 * @param lastDrill its newest drill, whatever the outcome, or {@code null}
 * @param nextDrill when the schedule runs the next drill, or {@code null}
 * @param maxAge how old the last passed drill may be, or {@code null}
 * @param overdue whether no drill passed within {@code maxAge}
 * @param rto the restore-time objective, or {@code null}
 * @param measuredRestore the newest measured restore time (a drill's or a real restore's), or {@code null}
 * @param measuredBy what measured it: a drill report {@code DRL-…} or a recovery report {@code REC-…}
 * @param rtoBreached whether the measured restore time is longer than the RTO
 * @param rpo the data-loss objective, or {@code null}
 * @param lastGoodAge the age of the newest good snapshot, or {@code null} when there is none
 * @param backupInterval the time between two scheduled backups, or {@code null} without a schedule
 * @param rpoBreached whether the newest good snapshot is older than the RPO (without any, whether Mamori has
 * watched the app for longer than the RPO)
 */
public record RecoveryStatus(String appId, boolean drillsDeclared, DrillRunView lastPassed, DrillRunView lastDrill,
		Instant nextDrill, Duration maxAge, boolean overdue, Duration rto, Duration measuredRestore, String measuredBy,
		boolean rtoBreached, Duration rpo, Duration lastGoodAge, Duration backupInterval, boolean rpoBreached) {

	/**
	 * @param now the time now
	 * @return whole days since the last drill passed, or {@code null} when none did
	 */
	public Long provenDaysAgo(Instant now) {
		return (this.lastPassed != null && this.lastPassed.finishedAt() != null)
				? Duration.between(this.lastPassed.finishedAt(), now).toDays() : null;
	}

	/**
	 * @return whether anything here needs attention (overdue, an objective breached, the last drill failed)
	 */
	public boolean needsAttention() {
		return this.overdue || this.rtoBreached || this.rpoBreached
				|| (this.lastDrill != null && DrillRunView.FAILED.equals(this.lastDrill.status()));
	}

}
