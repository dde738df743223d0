package dev.mamori.backup;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import dev.mamori.backup.AppsProperties.App;
import dev.mamori.core.Cron;
import dev.mamori.core.event.BackupCompleted;
import dev.mamori.core.event.DrillFinished;
import dev.mamori.core.event.RestoreFinished;
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
 * Fires each app's drill schedule (a tick is claimed in the database, so with several instances it runs
 * once) and looks at overdue drills and recovery objectives every {@code mamori.drills.check-interval}
 * and after every drill, restore and backup. Off in the command line.
 */
@Component
@ConditionalOnProperty(name = "mamori.scheduling.enabled", havingValue = "true", matchIfMissing = true)
class DrillScheduler {

	private static final Logger logger = LoggerFactory.getLogger(DrillScheduler.class);

	private final DrillService drills;

	private final DrillWatch watch;

	private final AppRegistry apps;

	private final TaskScheduler scheduler;

	private final DrillProperties properties;

	DrillScheduler(DrillService drills, DrillWatch watch, AppRegistry apps, TaskScheduler scheduler,
			DrillProperties properties) {
		this.drills = drills;
		this.watch = watch;
		this.apps = apps;
		this.scheduler = scheduler;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	void start() {
		for (Map.Entry<String, App> entry : this.apps.all().entrySet()) {
			AppsProperties.Drill drill = entry.getValue().drill();
			if (drill != null && drill.schedule() != null && !drill.schedule().isBlank()) {
				scheduleNext(entry.getKey(), Cron.parse(drill.schedule()), ZonedDateTime.now(ZoneId.systemDefault()));
				logger.info("Drills of {} scheduled: {}", entry.getKey(), drill.schedule());
			}
		}
		this.scheduler.scheduleWithFixedDelay(this::evaluate, Instant.now().plus(this.properties.checkInterval()),
				this.properties.checkInterval());
	}

	private void scheduleNext(String appId, CronExpression cron, ZonedDateTime after) {
		ZonedDateTime next = cron.next(after);
		if (next != null) {
			this.scheduler.schedule(() -> fire(appId, cron, next), next.toInstant());
		}
	}

	private void fire(String appId, CronExpression cron, ZonedDateTime tick) {
		scheduleNext(appId, cron, tick);
		try {
			this.drills.startScheduled(appId, tick.toInstant());
		}
		catch (RuntimeException ex) {
			logger.error("Scheduled drill of {} for {} could not start: {}", appId, tick, ex.getMessage());
		}
	}

	private void evaluate() {
		try {
			this.watch.evaluate();
		}
		catch (RuntimeException ex) {
			logger.warn("Drill and objective check failed: {}", ex.getMessage());
		}
	}

	@EventListener
	void drillFinished(DrillFinished event) {
		this.scheduler.schedule(this::evaluate, Instant.now());
	}

	@EventListener
	void restoreFinished(RestoreFinished event) {
		this.scheduler.schedule(this::evaluate, Instant.now());
	}

	@EventListener
	void backupCompleted(BackupCompleted event) {
		this.scheduler.schedule(this::evaluate, Instant.now());
	}

}
