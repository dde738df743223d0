package dev.mamori.backup.offsite;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.SnapshotStatus;
import dev.mamori.backup.SnapshotView;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.event.CopyStale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Where each app's restore points live (the local destination and each target, with counts and the
 * newest copy's age), and whether each target's newest good copy is younger than the copy's
 * {@code max-age}. A target that falls behind is told once ({@link CopyStale}, audited), across
 * instances (a row in {@code copy_alert_state} while it holds), and again only after a newer copy
 * arrived. Looked at every minute while scheduling is on.
 */
@Component
public class CopyWatch {

	private static final Logger logger = LoggerFactory.getLogger(CopyWatch.class);

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	private final AppRegistry apps;

	private final BackupService backups;

	private final Targets targets;

	private final SnapshotCopyRepository copies;

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final Clock clock;

	private final TaskScheduler scheduler;

	private final boolean scheduling;

	private final Instant watchingSince;

	CopyWatch(AppRegistry apps, BackupService backups, Targets targets, SnapshotCopyRepository copies, JdbcTemplate jdbc,
			ApplicationEventPublisher events, AuditLog audit, Clock clock, ObjectProvider<TaskScheduler> scheduler,
			@Value("${mamori.scheduling.enabled:true}") boolean scheduling) {
		this.apps = apps;
		this.backups = backups;
		this.targets = targets;
		this.copies = copies;
		this.jdbc = jdbc;
		this.events = events;
		this.audit = audit;
		this.clock = clock;
		this.scheduler = scheduler.getIfAvailable();
		this.scheduling = scheduling;
		this.watchingSince = clock.instant();
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		boolean any = this.apps.all().values().stream()
			.anyMatch((app) -> app.backup().copies().stream().anyMatch((c) -> c.maxAge() != null));
		if (this.scheduling && this.scheduler != null && any) {
			this.scheduler.scheduleWithFixedDelay(this::evaluateQuietly, Instant.now().plus(INTERVAL), INTERVAL);
		}
	}

	private void evaluateQuietly() {
		try {
			evaluate();
		}
		catch (RuntimeException ex) {
			logger.warn("Off-site copy age check failed: {}", ex.getMessage());
		}
	}

	/**
	 * @param appId the app
	 * @return where its restore points live now
	 */
	public CopySummary summary(String appId) {
		AppsProperties.App app = this.apps.get(appId);
		Instant now = this.clock.instant();
		List<CopySummary.Place> places = new ArrayList<>();
		int good = 0;
		Instant newest = null;
		for (SnapshotView snapshot : this.backups.snapshots(appId)) {
			if (snapshot.status() != SnapshotStatus.CORRUPT && Files.isRegularFile(snapshot.archive())) {
				good++;
				newest = (newest == null || snapshot.createdAt().isAfter(newest)) ? snapshot.createdAt() : newest;
			}
		}
		places.add(new CopySummary.Place(CopyService.Location.LOCAL, app.backup().destination().toString(), good, 0, 0,
				newest, null, false));
		List<SnapshotCopy> rows = this.copies.findByAppIdOrderBySnapshotCreatedAtDescIdDesc(appId);
		Instant newestOffsite = null;
		for (AppsProperties.Copy copy : app.backup().copies()) {
			int held = 0;
			int pending = 0;
			int failed = 0;
			Instant newestHere = null;
			for (SnapshotCopy row : rows) {
				if (!row.getTarget().equals(copy.target())) {
					continue;
				}
				switch (row.getState()) {
					case GOOD -> {
						held++;
						Instant at = row.toView().snapshotCreatedAt();
						newestHere = (newestHere == null || at.isAfter(newestHere)) ? at : newestHere;
					}
					case FAILED -> failed++;
					case DELETED -> {
					}
					default -> pending++;
				}
			}
			if (newestHere != null && (newestOffsite == null || newestHere.isAfter(newestOffsite))) {
				newestOffsite = newestHere;
			}
			// Without any good copy, the age runs from when Mamori started watching.
			Instant since = (newestHere != null) ? newestHere : this.watchingSince;
			boolean stale = copy.maxAge() != null && Duration.between(since, now).compareTo(copy.maxAge()) > 0;
			places.add(new CopySummary.Place(copy.target(), this.targets.get(copy.target()).describe(), held, pending,
					failed, newestHere, copy.maxAge(), stale));
		}
		int copiesCount = (int) places.stream().filter((p) -> p.good() > 0).count();
		int offsite = (int) places.stream().filter((p) -> !p.local() && p.good() > 0).count();
		return new CopySummary(appId, copiesCount, offsite, newestOffsite, List.copyOf(places));
	}

	/**
	 * Looks at every app's targets and tells each one whose newest good copy just became older than its
	 * {@code max-age}, once.
	 * @return the app and target pairs told now
	 */
	public synchronized List<String> evaluate() {
		Instant now = this.clock.instant();
		List<String> told = new ArrayList<>();
		for (Map.Entry<String, AppsProperties.App> entry : this.apps.all().entrySet()) {
			String appId = entry.getKey();
			if (entry.getValue().backup().copies().stream().noneMatch((c) -> c.maxAge() != null)) {
				continue;
			}
			for (CopySummary.Place place : summary(appId).places()) {
				if (place.local() || place.maxAge() == null) {
					continue;
				}
				if (hold(appId, place.where(), place.stale(), now)) {
					this.audit.record(Actor.SYSTEM, "COPY_STALE", appId, AuditOutcome.FAILURE, Map.of("target", place.where(),
							"maxAge", place.maxAge().toString(), "newest",
							(place.newest() != null) ? place.newest().toString() : "none"));
					logger.warn("The newest good copy of {} on {} is older than {} (taken {})", appId, place.where(),
							place.maxAge(), (place.newest() != null) ? place.newest() : "never");
					this.events.publishEvent(new CopyStale(appId, place.where(), place.newest(), place.maxAge(), now));
					told.add(appId + "/" + place.where());
				}
			}
		}
		return told;
	}

	/** @return whether the condition just started holding (and this instance is the one to tell it) */
	private boolean hold(String appId, String target, boolean holds, Instant now) {
		if (!holds) {
			this.jdbc.update("delete from copy_alert_state where app_id = ? and target = ?", appId, target);
			return false;
		}
		try {
			return this.jdbc.update("insert into copy_alert_state (app_id, target, since) values (?, ?, ?)", appId, target,
					Timestamp.from(now)) == 1;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

}
