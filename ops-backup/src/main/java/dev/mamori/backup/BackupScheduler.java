package dev.mamori.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import dev.mamori.backup.AppsProperties.App;
import dev.mamori.core.Actor;
import dev.mamori.core.Cron;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
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
 * Fires each app's cron schedule, and sweeps for interrupted runs while Mamori runs. Each tick is
 * claimed in the database, so with several instances it runs once. Off in the command line.
 * <p>
 * A tick that falls inside a restore of the app (the app's lease is held for {@code restore}, by
 * this process or another, such as the command line) is deferred, not dropped: audited as
 * {@code BACKUP_DEFERRED}, it runs as soon as the restore ends, on {@link RestoreFinished} or by
 * re-trying every few seconds ({@link #retryPeriod}) while the lease is held. The wait is bounded
 * by the app's next tick, which takes over (it runs, or is deferred in turn). A tick that falls
 * inside another backup is skipped ({@code BACKUP_SKIPPED}), as that backup is as recent.
 */
@Component
@ConditionalOnProperty(name = "mamori.scheduling.enabled", havingValue = "true", matchIfMissing = true)
class BackupScheduler {

	private static final Logger logger = LoggerFactory.getLogger(BackupScheduler.class);

	private static final String RESTORE = "restore";

	private final BackupService backups;

	private final AppRegistry apps;

	private final TaskScheduler scheduler;

	private final AuditLog audit;

	private final AppsProperties.Settings settings;

	private final AppLeases leases;

	/** At most one deferred tick per app: the newest. */
	private final Map<String, Deferred> deferred = new ConcurrentHashMap<>();

	BackupScheduler(BackupService backups, AppRegistry apps, TaskScheduler scheduler, AuditLog audit,
			AppsProperties.Settings settings, AppLeases leases) {
		this.backups = backups;
		this.apps = apps;
		this.scheduler = scheduler;
		this.audit = audit;
		this.settings = settings;
		this.leases = leases;
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
			if (RESTORE.equals(ex.getPurpose()) || this.leases.heldFor(appId, RESTORE)) {
				defer(appId, cron, tick);
			}
			else {
				skip(appId, tick.toInstant(), ex);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Scheduled backup of {} for {} could not start: {}", appId, tick, ex.getMessage());
		}
	}

	private void skip(String appId, Instant tick, BackupBusyException ex) {
		logger.warn("Scheduled backup of {} for {} skipped: {}", appId, tick, ex.getMessage());
		this.audit.record(Actor.SYSTEM, "BACKUP_SKIPPED", appId, AuditOutcome.FAILURE,
				Map.of("tick", tick.toString(), "reason", ex.getMessage()));
	}

	private void defer(String appId, CronExpression cron, ZonedDateTime tick) {
		ZonedDateTime next = cron.next(tick);
		Instant until = (next != null) ? next.toInstant() : tick.toInstant().plus(Duration.ofDays(1));
		Duration period = retryPeriod(this.settings.lockLease());
		ScheduledFuture<?> retry = this.scheduler.scheduleWithFixedDelay(() -> retry(appId),
				Instant.now().plus(period), period);
		Deferred previous = this.deferred.put(appId, new Deferred(tick.toInstant(), until, retry));
		if (previous != null) {
			// The newer tick takes over: one backup after the restore is what the schedule wants.
			previous.retry().cancel(false);
		}
		logger.info("Scheduled backup of {} for {} deferred: a restore of the app is in progress", appId, tick);
		this.audit.record(Actor.SYSTEM, "BACKUP_DEFERRED", appId, AuditOutcome.SUCCESS,
				Map.of("tick", tick.toInstant().toString(), "reason", "restore in progress"));
	}

	@EventListener
	void restoreFinished(RestoreFinished event) {
		if (this.deferred.containsKey(event.appId())) {
			// Off the restore's thread; the restore may still be releasing its lease, which the retries handle.
			this.scheduler.schedule(() -> retry(event.appId()), Instant.now());
		}
	}

	/** Starts the app's deferred backup when its restore is over; called on RestoreFinished and periodically. */
	private synchronized void retry(String appId) {
		Deferred waiting = this.deferred.get(appId);
		if (waiting == null) {
			return;
		}
		if (Instant.now().isAfter(waiting.until())) {
			done(appId, waiting);
			logger.info("Deferred backup of {} for {} given up: the next scheduled backup of the app takes over",
					appId, waiting.tick());
			return;
		}
		if (this.leases.heldFor(appId, RESTORE)) {
			logger.debug("Deferred backup of {} for {} still waits for the restore", appId, waiting.tick());
			return;
		}
		try {
			this.backups.startScheduled(appId, waiting.tick())
				.ifPresentOrElse((run) -> logger.info("Deferred backup of {} for {} started after the restore: run {}",
						appId, waiting.tick(), run.id()),
						() -> logger.info("Deferred backup of {} for {} was taken by another instance", appId,
								waiting.tick()));
			done(appId, waiting);
		}
		catch (BackupBusyException ex) {
			if (!RESTORE.equals(ex.getPurpose())) {
				done(appId, waiting);
				skip(appId, waiting.tick(), ex);
			}
			// A restore took the app again between the check and the start: wait for that one too.
		}
		catch (RuntimeException ex) {
			done(appId, waiting);
			logger.error("Deferred backup of {} for {} could not start: {}", appId, waiting.tick(), ex.getMessage());
		}
	}

	private void done(String appId, Deferred waiting) {
		this.deferred.remove(appId, waiting);
		waiting.retry().cancel(false);
	}

	/**
	 * @param lockLease how long a lease lasts without renewal
	 * @return how often a deferred backup looks whether the restore is over: every 5 s by default
	 * (lock lease 60 s), more often with a shorter lease, never more than 4 times a second
	 */
	static Duration retryPeriod(Duration lockLease) {
		Duration period = lockLease.dividedBy(12);
		if (period.compareTo(Duration.ofSeconds(5)) > 0) {
			return Duration.ofSeconds(5);
		}
		return (period.compareTo(Duration.ofMillis(250)) < 0) ? Duration.ofMillis(250) : period;
	}

	/**
	 * A cron tick waiting for a restore of its app to end.
	 * @param tick the tick, which the backup run claims when it starts
	 * @param until when the app's next tick takes over
	 * @param retry the periodic re-try
	 */
	private record Deferred(Instant tick, Instant until, ScheduledFuture<?> retry) {
	}

}
