package dev.mamori.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import dev.mamori.backup.AppsProperties.App;
import dev.mamori.core.Actor;
import dev.mamori.core.Cron;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Fires each app's cron schedule, and sweeps for interrupted runs while Mamori runs. Each tick is
 * claimed in the database, so with several instances it runs once. Off in the command line.
 */
@Component
@ConditionalOnProperty(name = "mamori.scheduling.enabled", havingValue = "true", matchIfMissing = true)
class BackupScheduler {

	private static final Logger logger = LoggerFactory.getLogger(BackupScheduler.class);

	private final BackupService backups;

	private final AppRegistry apps;

	private final TaskScheduler scheduler;

	private final AuditLog audit;

	private final AppsProperties.Settings settings;

	BackupScheduler(BackupService backups, AppRegistry apps, TaskScheduler scheduler, AuditLog audit,
			AppsProperties.Settings settings) {
		this.backups = backups;
		this.apps = apps;
		this.scheduler = scheduler;
		this.audit = audit;
		this.settings = settings;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	void start() {
		for (Map.Entry<String, App> entry : this.apps.all().entrySet()) {
			String appId = entry.getKey();
			String schedule = entry.getValue().backup().schedule();
			if (schedule != null && !schedule.isBlank()) {
				scheduleNext(appId, Cron.parse(schedule), ZonedDateTime.now(ZoneId.systemDefault()));
				logger.info("Backups of {} scheduled: {}", appId, schedule);
			}
		}
		Duration sweep = this.settings.lockLease().dividedBy(2);
		this.scheduler.scheduleWithFixedDelay(this::sweep, Instant.now().plus(sweep), sweep);
	}

	private void sweep() {
		try {
			this.backups.recoverInterrupted();
		}
		catch (RuntimeException ex) {
			logger.warn("Interrupted-run sweep failed: {}", ex.getMessage());
		}
	}

	private void scheduleNext(String appId, CronExpression cron, ZonedDateTime after) {
		ZonedDateTime next = cron.next(after);
		if (next == null) {
			return;
		}
		this.scheduler.schedule(() -> fire(appId, cron, next), next.toInstant());
	}

	private void fire(String appId, CronExpression cron, ZonedDateTime tick) {
		scheduleNext(appId, cron, tick);
		try {
			this.backups.startScheduled(appId, tick.toInstant())
				.ifPresentOrElse((run) -> logger.debug("Scheduled backup of {} for {} is run {}", appId, tick, run.id()),
						() -> logger.debug("Scheduled backup of {} for {} was taken by another instance", appId, tick));
		}
		catch (BackupBusyException ex) {
			logger.warn("Scheduled backup of {} for {} skipped: {}", appId, tick, ex.getMessage());
			this.audit.record(Actor.SYSTEM, "BACKUP_SKIPPED", appId, AuditOutcome.FAILURE,
					Map.of("tick", tick.toInstant().toString(), "reason", ex.getMessage()));
		}
		catch (RuntimeException ex) {
			logger.error("Scheduled backup of {} for {} could not start: {}", appId, tick, ex.getMessage());
		}
	}

}
