package dev.mamori.backup;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.AppsProperties.App;
import dev.mamori.core.Actor;
import dev.mamori.core.Cron;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.event.DrillOverdue;
import dev.mamori.core.event.ObjectiveBreached;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Judges each app's proof of restorability and recovery objectives: overdue drills (no drill passed
 * within {@code max-age}), the measured restore time (the newest of drills and real restores) against the
 * RTO, and the age of the newest good snapshot against the RPO. A condition that starts holding is told
 * once ({@link DrillOverdue}, {@link ObjectiveBreached}, audited), across instances (a row in
 * {@code drill_alert_state} while it holds), and again only after it stopped holding.
 */
@Component
public class DrillWatch {

	private final AppRegistry apps;

	private final DrillService drills;

	private final RestoreService restores;

	private final BackupService backups;

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final Clock clock;

	private final Instant watchingSince;

	DrillWatch(AppRegistry apps, DrillService drills, RestoreService restores, BackupService backups, JdbcTemplate jdbc,
			ApplicationEventPublisher events, AuditLog audit, Clock clock) {
		this.apps = apps;
		this.drills = drills;
		this.restores = restores;
		this.backups = backups;
		this.jdbc = jdbc;
		this.events = events;
		this.audit = audit;
		this.clock = clock;
		this.watchingSince = clock.instant();
	}

	/**
	 * @param appId the app
	 * @return its restorability and objectives now
	 */
	public RecoveryStatus status(String appId) {
		App app = this.apps.get(appId);
		Instant now = this.clock.instant();
		DrillRunView lastDrill = this.drills.lastEnded(appId).orElse(null);
		DrillRunView lastPassed = this.drills.lastPassed(appId).orElse(null);
		AppsProperties.Drill drill = app.drill();
		Instant nextDrill = null;
		Duration maxAge = null;
		boolean overdue = false;
		if (drill != null) {
			if (drill.schedule() != null && !drill.schedule().isBlank()) {
				ZonedDateTime next = Cron.parse(drill.schedule()).next(now.atZone(ZoneId.systemDefault()));
				nextDrill = (next != null) ? next.toInstant() : null;
			}
			maxAge = drill.maxAge();
			if (maxAge != null) {
				Instant since = (lastPassed != null && lastPassed.finishedAt() != null) ? lastPassed.finishedAt()
						: this.watchingSince;
				overdue = Duration.between(since, now).compareTo(maxAge) > 0;
			}
		}
		AppsProperties.Objectives objectives = app.objectives();
		Duration rto = (objectives != null) ? objectives.rto() : null;
		Duration rpo = (objectives != null) ? objectives.rpo() : null;
		// The newest measurement wins, a drill's or a real restore's.
		Duration measured = null;
		String measuredBy = null;
		Instant measuredAt = null;
		DrillRunView drilled = this.drills.lastMeasured(appId).orElse(null);
		if (drilled != null && drilled.finishedAt() != null) {
			measured = drilled.restoreTime();
			measuredBy = drilled.reportNumber();
			measuredAt = drilled.finishedAt();
		}
		RestoreRunView restored = this.restores.lastMeasured(appId).orElse(null);
		if (restored != null && restored.finishedAt() != null
				&& (measuredAt == null || restored.finishedAt().isAfter(measuredAt))) {
			measured = restored.rto();
			measuredBy = restored.reportNumber();
		}
		boolean rtoBreached = rto != null && measured != null && measured.compareTo(rto) > 0;
		SnapshotView lastGood = this.backups.lastGood(appId).orElse(null);
		Duration lastGoodAge = (lastGood != null) ? Duration.between(lastGood.createdAt(), now) : null;
		// Without any good backup, the data-loss window runs from when Mamori started watching the app.
		Duration window = (lastGoodAge != null) ? lastGoodAge : Duration.between(this.watchingSince, now);
		boolean rpoBreached = rpo != null && window.compareTo(rpo) > 0;
		return new RecoveryStatus(appId, drill != null, lastPassed, lastDrill, nextDrill, maxAge, overdue, rto, measured,
				measuredBy, rtoBreached, rpo, lastGoodAge, interval(app.backup().schedule(), now), rpoBreached);
	}

	/**
	 * @return every app's status, by app id order
	 */
	public List<RecoveryStatus> all() {
		List<RecoveryStatus> all = new ArrayList<>();
		for (String appId : this.apps.all().keySet()) {
			all.add(status(appId));
		}
		return all;
	}

	/**
	 * Looks at every app and tells each condition that started holding, once.
	 */
	public synchronized void evaluate() {
		Instant now = this.clock.instant();
		for (String appId : this.apps.all().keySet()) {
			RecoveryStatus status = status(appId);
			if (hold(appId, "OVERDUE", status.overdue(), now)) {
				this.audit.record(Actor.SYSTEM, "DRILL_OVERDUE", appId, AuditOutcome.FAILURE, Map.of("maxAge",
						status.maxAge().toString(), "lastPassed", (status.lastPassed() != null) ? status.lastPassed().reportNumber() : "none"));
				this.events.publishEvent(new DrillOverdue(appId,
						(status.lastPassed() != null) ? status.lastPassed().finishedAt() : null, status.maxAge(), now));
			}
			if (hold(appId, "RTO", status.rtoBreached(), now)) {
				breached(appId, "RTO", status.measuredRestore(), status.rto(), now);
			}
			if (hold(appId, "RPO", status.rpoBreached(), now)) {
				breached(appId, "RPO", status.lastGoodAge(), status.rpo(), now);
			}
		}
	}

	private void breached(String appId, String objective, Duration measured, Duration target, Instant now) {
		this.audit.record(Actor.SYSTEM, "OBJECTIVE_BREACHED", appId, AuditOutcome.FAILURE, Map.of("objective", objective,
				"measured", (measured != null) ? measured.toString() : "none", "target", target.toString()));
		this.events.publishEvent(new ObjectiveBreached(appId, objective, measured, target, now));
	}

	/** @return whether the condition just started holding (and this instance is the one to tell it) */
	private boolean hold(String appId, String kind, boolean holds, Instant now) {
		if (!holds) {
			this.jdbc.update("delete from drill_alert_state where app_id = ? and kind = ?", appId, kind);
			return false;
		}
		try {
			return this.jdbc.update("insert into drill_alert_state (app_id, kind, since) values (?, ?, ?)", appId, kind,
					Timestamp.from(now)) == 1;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private static Duration interval(String schedule, Instant now) {
		if (schedule == null || schedule.isBlank()) {
			return null;
		}
		CronExpression cron = Cron.parse(schedule);
		ZonedDateTime first = cron.next(now.atZone(ZoneId.systemDefault()));
		ZonedDateTime second = (first != null) ? cron.next(first) : null;
		return (second != null) ? Duration.between(first, second) : null;
	}

}
