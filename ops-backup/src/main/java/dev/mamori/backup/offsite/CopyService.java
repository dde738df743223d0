package dev.mamori.backup.offsite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.OffsiteArchives;
import dev.mamori.backup.RunStatus;
import dev.mamori.backup.SnapshotStatus;
import dev.mamori.backup.SnapshotView;
import dev.mamori.backup.retention.RetentionPolicy;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.event.BackupCompleted;
import dev.mamori.core.event.CopyFailed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Service;

/**
 * Copies good snapshots to the app's targets: after each good backup or on the copy's schedule,
 * verified (size and SHA-256), retried with a doubling backoff, then alerted ({@link CopyFailed});
 * each target's own retention runs after each good copy. Every step is audited. The local snapshot
 * is never touched by a copy, whatever happens to it.
 * <p>
 * Metrics: {@code mamori_copy_failing{app,target}} (1 while the newest copy to the target failed for
 * good) and {@code mamori_copy_last_good_seconds{app,target}} (when the newest good copy there was
 * taken, epoch seconds).
 */
@Service
public class CopyService implements OffsiteArchives {

	private static final Logger logger = LoggerFactory.getLogger(CopyService.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Set<CopyState> UNFINISHED = EnumSet.of(CopyState.PENDING, CopyState.WAITING,
			CopyState.UPLOADING, CopyState.RETRYING);

	private final AppRegistry apps;

	private final Targets targets;

	private final BackupService backups;

	private final SnapshotCopyRepository copies;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TaskScheduler scheduler;

	private final boolean scheduling;

	private final MeterRegistry registry;

	private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, (r) -> {
		Thread thread = new Thread(r, "mamori-copy");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Long> queued = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicLong> failing = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> lastGood = new ConcurrentHashMap<>();

	CopyService(AppRegistry apps, Targets targets, BackupService backups, SnapshotCopyRepository copies, AuditLog audit,
			ApplicationEventPublisher events, Clock clock, ObjectProvider<TaskScheduler> scheduler,
			@Value("${mamori.scheduling.enabled:true}") boolean scheduling, ObjectProvider<MeterRegistry> registry) {
		this.apps = apps;
		this.targets = targets;
		this.backups = backups;
		this.copies = copies;
		this.audit = audit;
		this.events = events;
		this.clock = clock;
		this.scheduler = scheduler.getIfAvailable();
		this.scheduling = scheduling;
		this.registry = registry.getIfAvailable();
	}

	@PreDestroy
	void shutdown() {
		this.executor.shutdownNow();
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.apps.all().forEach((appId, app) -> {
			for (AppsProperties.Copy copy : app.backup().copies()) {
				registerMetrics(appId, copy.target());
				if (this.scheduling && this.scheduler != null && copy.when() == AppsProperties.CopyWhen.SCHEDULE) {
					this.scheduler.schedule(() -> copyMissing(appId, copy.target()),
							new CronTrigger(dev.mamori.core.Cron.parse(copy.schedule()).toString()));
				}
			}
		});
		if (this.scheduling) {
			// Copies a stopped Mamori left unfinished start again from the beginning.
			for (SnapshotCopy row : this.copies.findByStateIn(UNFINISHED)) {
				enqueue(row.getId(), Duration.ZERO);
			}
		}
	}

	private void registerMetrics(String appId, String target) {
		String key = appId + "\u0000" + target;
		AtomicLong fails = this.failing.computeIfAbsent(key, (k) -> new AtomicLong());
		AtomicLong good = this.lastGood.computeIfAbsent(key, (k) -> new AtomicLong());
		List<SnapshotCopy> rows = this.copies.findByAppIdOrderBySnapshotCreatedAtDescIdDesc(appId)
			.stream()
			.filter((c) -> c.getTarget().equals(target))
			.toList();
		rows.stream().filter((c) -> c.getState() == CopyState.GOOD).findFirst()
			.ifPresent((c) -> good.set(c.toView().snapshotCreatedAt().getEpochSecond()));
		rows.stream().filter((c) -> c.getState() != CopyState.DELETED).findFirst()
			.ifPresent((c) -> fails.set((c.getState() == CopyState.FAILED) ? 1 : 0));
		if (this.registry != null) {
			Gauge.builder("mamori.copy.failing", fails, AtomicLong::get)
				.description("1 while the newest copy of the app to the target failed after all its retries")
				.tag("app", appId)
				.tag("target", target)
				.register(this.registry);
			Gauge.builder("mamori.copy.last.good", good, AtomicLong::get)
				.baseUnit("seconds")
				.description("When the backup of the newest good copy of the app on the target was taken (epoch seconds)")
				.tag("app", appId)
				.tag("target", target)
				.register(this.registry);
		}
	}

	@EventListener
	void backupCompleted(BackupCompleted event) {
		AppsProperties.App app = this.apps.all().get(event.appId());
		if (app == null) {
			return;
		}
		for (AppsProperties.Copy copy : app.backup().copies()) {
			if (copy.when() == AppsProperties.CopyWhen.AFTER_BACKUP) {
				request(event.appId(), event.snapshotName(), copy.target());
			}
		}
	}

	/**
	 * Copies every snapshot of the app that the target lacks (scheduled copies, or by hand).
	 * @param appId the app
	 * @param target the target
	 * @return the copies requested
	 */
	public List<CopyView> copyMissing(String appId, String target) {
		List<CopyView> requested = new ArrayList<>();
		for (SnapshotView snapshot : this.backups.snapshots(appId)) {
			Optional<SnapshotCopy> existing = this.copies.findByAppIdAndSnapshotNameAndTarget(appId, snapshot.name(), target);
			if (existing.isEmpty() || existing.get().getState() == CopyState.FAILED) {
				CopyView view = request(appId, snapshot.name(), target);
				if (view != null) {
					requested.add(view);
				}
			}
		}
		return requested;
	}

	/**
	 * Requests a copy of a snapshot to a target; it runs in the background.
	 * @param appId the app
	 * @param snapshotName the archive
	 * @param target the target
	 * @return the copy's row, or {@code null} when the snapshot cannot be copied (corrupt or gone)
	 */
	public CopyView request(String appId, String snapshotName, String target) {
		this.targets.get(target);
		SnapshotView snapshot = this.backups.snapshots(appId).stream()
			.filter((s) -> s.name().equals(snapshotName))
			.findFirst()
			.orElse(null);
		if (snapshot == null || snapshot.status() == SnapshotStatus.CORRUPT) {
			logger.warn("Not copying {} of {} to {}: {}", snapshotName, appId, target,
					(snapshot == null) ? "no such snapshot" : "it is corrupt");
			return null;
		}
		Instant now = this.clock.instant();
		SnapshotCopy row = this.copies.findByAppIdAndSnapshotNameAndTarget(appId, snapshotName, target)
			.orElseGet(() -> new SnapshotCopy(appId, snapshotName, snapshot.createdAt(), target,
					this.targets.location(target, appId, snapshotName), snapshot.sizeBytes(), snapshot.sha256(),
					String.join(",", snapshot.tags()), json.writeValueAsString(snapshot.sources()), now));
		if (row.getId() != null && row.getState() != CopyState.FAILED) {
			// Already copied, or on its way.
			return row.toView();
		}
		logger.info("Copy of {} of {} to {} requested", snapshotName, appId, target);
		row.restart(now);
		row = this.copies.saveAndFlush(row);
		enqueue(row.getId(), Duration.ZERO);
		return row.toView();
	}

	private void enqueue(long id, Duration delay) {
		if (this.queued.add(id)) {
			try {
				this.executor.schedule(() -> attempt(id), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				this.queued.remove(id);
			}
		}
	}

	private void attempt(long id) {
		this.queued.remove(id);
		SnapshotCopy row = this.copies.findById(id).orElse(null);
		if (row == null || !UNFINISHED.contains(row.getState())) {
			return;
		}
		String appId = row.getAppId();
		String name = row.getSnapshotName();
		String targetId = row.getTarget();
		TargetsProperties.Target target;
		try {
			target = this.targets.get(targetId);
		}
		catch (IllegalArgumentException ex) {
			fail(row, ex.getMessage());
			return;
		}
		LocalTime local = LocalDateTime.ofInstant(this.clock.instant(), ZoneId.systemDefault()).toLocalTime();
		if (!target.inWindow(local)) {
			if (row.getState() != CopyState.WAITING) {
				row.state(CopyState.WAITING, "outside the target's window " + target.window(), this.clock.instant());
				this.copies.saveAndFlush(row);
				logger.info("Copy of {} to {} waits for the window {}", name, targetId, target.window());
			}
			enqueue(id, Duration.ofMinutes(1));
			return;
		}
		SnapshotView snapshot = this.backups.snapshots(appId).stream()
			.filter((s) -> s.name().equals(name))
			.findFirst()
			.orElse(null);
		if (snapshot == null || !Files.isRegularFile(snapshot.archive())) {
			fail(row, "the local archive " + name + " is gone; nothing to copy");
			return;
		}
		row.attempt(this.clock.instant());
		this.copies.saveAndFlush(row);
		long started = System.nanoTime();
		try (RemoteStore store = this.targets.open(targetId)) {
			Throttle throttle = (target.maxRate() != null) ? new Throttle(target.maxRate().toBytes()) : Throttle.NONE;
			Copier.upload(store, appId, snapshot.archive(), snapshot.sizeBytes(), snapshot.sha256(), throttle,
					target.downloadBudget().toBytes());
		}
		catch (IOException | RuntimeException ex) {
			String error = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			if (ex instanceof HostKeyChangedException || row.getAttempts() > target.retries()) {
				fail(row, error);
				return;
			}
			Duration backoff = target.retryBackoff().multipliedBy(1L << Math.min(10, row.getAttempts() - 1));
			row.state(CopyState.RETRYING, error, this.clock.instant());
			this.copies.saveAndFlush(row);
			this.audit.record(Actor.SYSTEM, "COPY_RETRY", appId, AuditOutcome.FAILURE, Map.of("snapshot", name,
					"target", targetId, "attempt", row.getAttempts(), "error", error, "retryIn", backoff.toString()));
			logger.warn("Copy of {} to {} failed (attempt {}), retrying in {}: {}", name, targetId, row.getAttempts(),
					backoff, error);
			enqueue(id, backoff);
			return;
		}
		Instant now = this.clock.instant();
		row.state(CopyState.GOOD, null, now);
		this.copies.saveAndFlush(row);
		this.audit.record(Actor.SYSTEM, "COPY_SUCCEEDED", appId, AuditOutcome.SUCCESS, Map.of("snapshot", name,
				"target", targetId, "location", row.toView().location(), "sizeBytes", snapshot.sizeBytes(), "attempts",
				row.getAttempts(), "seconds", (System.nanoTime() - started) / 1_000_000_000L));
		logger.info("Copied {} to {} (verified)", name, targetId);
		String key = appId + "\u0000" + targetId;
		this.failing.computeIfAbsent(key, (k) -> new AtomicLong()).set(0);
		AtomicLong good = this.lastGood.computeIfAbsent(key, (k) -> new AtomicLong());
		good.set(Math.max(good.get(), snapshot.createdAt().getEpochSecond()));
		try {
			prune(appId, targetId);
		}
		catch (RuntimeException ex) {
			logger.warn("Retention on {} for {} failed: {}", targetId, appId, ex.getMessage());
		}
	}

	private void fail(SnapshotCopy row, String error) {
		Instant now = this.clock.instant();
		row.state(CopyState.FAILED, error, now);
		this.copies.saveAndFlush(row);
		this.failing.computeIfAbsent(row.getAppId() + "\u0000" + row.getTarget(), (k) -> new AtomicLong()).set(1);
		this.audit.record(Actor.SYSTEM, "COPY_FAILED", row.getAppId(), AuditOutcome.FAILURE, Map.of("snapshot",
				row.getSnapshotName(), "target", row.getTarget(), "attempts", row.getAttempts(), "error", error));
		logger.error("Copy of {} to {} failed after {} attempt(s): {}", row.getSnapshotName(), row.getTarget(),
				row.getAttempts(), error);
		this.events.publishEvent(new CopyFailed(row.getAppId(), row.getSnapshotName(), row.getTarget(), error,
				row.getAttempts(), now));
	}

	/**
	 * Applies a target's retention to the app's good copies there: the same rules and safety rules as
	 * the local destination, on the target's own copies.
	 * @param appId the app
	 * @param targetId the target
	 * @return the names deleted from the target
	 */
	public List<String> prune(String appId, String targetId) {
		AppsProperties.Copy copy = this.apps.get(appId).backup().copies().stream()
			.filter((c) -> c.target().equals(targetId))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("app " + appId + " has no copies to " + targetId));
		List<SnapshotCopy> good = this.copies.findByAppIdAndTargetAndState(appId, targetId, CopyState.GOOD);
		Map<Long, SnapshotCopy> byId = new LinkedHashMap<>();
		List<RetentionPolicy.Candidate> candidates = new ArrayList<>();
		for (SnapshotCopy row : good) {
			CopyView view = row.toView();
			byId.put(view.id(), row);
			candidates.add(new RetentionPolicy.Candidate(view.id(), view.snapshotCreatedAt(), "GOOD",
					view.tags().contains("pre-restore"), false));
		}
		boolean newestFailed = this.backups.runs(appId).stream()
			.filter((r) -> r.status() != RunStatus.RUNNING)
			.findFirst()
			.map((r) -> r.status() == RunStatus.FAILED)
			.orElse(false);
		List<String> deleted = new ArrayList<>();
		List<RetentionPolicy.Decision> plan = RetentionPolicy.plan(candidates, copy.retention(), newestFailed, null,
				this.clock.instant(), ZoneId.systemDefault());
		if (plan.stream().allMatch(RetentionPolicy.Decision::keep)) {
			return deleted;
		}
		try (RemoteStore store = this.targets.open(targetId)) {
			for (RetentionPolicy.Decision decision : plan) {
				if (decision.keep()) {
					continue;
				}
				SnapshotCopy row = byId.get(decision.snapshot().id());
				try {
					Copier.delete(store, appId, row.getSnapshotName());
				}
				catch (IOException ex) {
					logger.warn("Could not delete {} from {}: {}", row.getSnapshotName(), targetId, ex.getMessage());
					continue;
				}
				row.state(CopyState.DELETED, null, this.clock.instant());
				this.copies.saveAndFlush(row);
				deleted.add(row.getSnapshotName());
				this.audit.record(Actor.SYSTEM, "COPY_PRUNED", appId, AuditOutcome.SUCCESS, Map.of("snapshot",
						row.getSnapshotName(), "target", targetId, "reason", decision.reason()));
			}
		}
		catch (IOException ex) {
			logger.warn("Retention on {} for {} could not connect: {}", targetId, appId, ex.getMessage());
		}
		if (!deleted.isEmpty()) {
			logger.info("Pruned {} copy(ies) of {} on {}: {}", deleted.size(), appId, targetId, deleted);
		}
		return deleted;
	}

	/**
	 * @param appId the app
	 * @return every copy of the app's snapshots (deleted ones too), newest first
	 */
	public List<CopyView> copies(String appId) {
		return this.copies.findByAppIdOrderBySnapshotCreatedAtDescIdDesc(appId).stream().map(SnapshotCopy::toView).toList();
	}

	/**
	 * Where a snapshot lives: the local destination (when its archive is there) and each target.
	 * @param appId the app
	 * @param snapshotName the archive
	 * @return the locations, local first
	 */
	public List<Location> locations(String appId, String snapshotName) {
		List<Location> locations = new ArrayList<>();
		this.backups.snapshots(appId).stream()
			.filter((s) -> s.name().equals(snapshotName))
			.findFirst()
			.ifPresent((s) -> locations.add(new Location(Location.LOCAL, s.archive().toString(),
					Files.isRegularFile(s.archive()) ? s.status().name() : "MISSING", s.verifiedAt())));
		List<String> order = this.apps.get(appId).backup().copies().stream().map(AppsProperties.Copy::target).toList();
		copies(appId).stream()
			.filter((copy) -> copy.snapshotName().equals(snapshotName) && copy.state() != CopyState.DELETED)
			// In the order the app's copies are declared; targets no longer declared last.
			.sorted(java.util.Comparator.comparingInt((CopyView copy) -> order.contains(copy.target())
					? order.indexOf(copy.target()) : order.size()))
			.forEach((copy) -> locations.add(new Location(copy.target(), copy.location(), copy.state().name(),
					copy.verifiedAt())));
		return locations;
	}

	/**
	 * Downloads a good copy into a directory, verified against the catalog's SHA-256.
	 * @param appId the app
	 * @param snapshotName the archive
	 * @param targetId the target
	 * @param directory where to put the archive and its sidecars
	 * @return the archive
	 */
	public Path download(String appId, String snapshotName, String targetId, Path directory) throws IOException {
		CopyView copy = this.copies.findByAppIdAndSnapshotNameAndTarget(appId, snapshotName, targetId)
			.map(SnapshotCopy::toView)
			.filter((c) -> c.state() == CopyState.GOOD)
			.orElseThrow(() -> new IOException("no good copy of " + snapshotName + " on " + targetId));
		TargetsProperties.Target target = this.targets.get(targetId);
		try (RemoteStore store = this.targets.open(targetId)) {
			Throttle throttle = (target.maxRate() != null) ? new Throttle(target.maxRate().toBytes()) : Throttle.NONE;
			Path archive = Copier.download(store, appId, snapshotName, directory, copy.sha256(), throttle);
			this.audit.record(Actor.SYSTEM, "COPY_DOWNLOADED", appId, AuditOutcome.SUCCESS,
					Map.of("snapshot", snapshotName, "target", targetId, "location", copy.location()));
			return archive;
		}
	}

	@Override
	public Optional<Fetched> fetch(String appId, String snapshotName, Path directory) throws IOException {
		List<String> order = this.apps.get(appId).backup().copies().stream().map(AppsProperties.Copy::target).toList();
		IOException last = null;
		for (String target : order) {
			Optional<CopyView> copy = this.copies.findByAppIdAndSnapshotNameAndTarget(appId, snapshotName, target)
				.map(SnapshotCopy::toView)
				.filter((c) -> c.state() == CopyState.GOOD);
			if (copy.isEmpty()) {
				continue;
			}
			try {
				Path archive = download(appId, snapshotName, target, directory);
				logger.info("Fetched {} of {} from {} for a restore", snapshotName, appId, copy.get().location());
				return Optional.of(new Fetched(archive, target, copy.get().location()));
			}
			catch (IOException ex) {
				logger.warn("Could not fetch {} from {}: {}", snapshotName, target, ex.getMessage());
				last = ex;
			}
		}
		if (last != null) {
			throw last;
		}
		return Optional.empty();
	}

	@Override
	public Fetched fetch(String appId, String snapshotName, String targetId, Path directory) throws IOException {
		if (!this.targets.all().containsKey(targetId)) {
			throw new IOException("no target '" + targetId + "' is declared under mamori.targets");
		}
		Path archive = download(appId, snapshotName, targetId, directory);
		String location = this.copies.findByAppIdAndSnapshotNameAndTarget(appId, snapshotName, targetId)
			.map((c) -> c.toView().location())
			.orElse(targetId);
		logger.info("Fetched {} of {} from {} for a restore", snapshotName, appId, location);
		return new Fetched(archive, targetId, location);
	}

	@Override
	public List<Held> held(String appId) {
		List<Held> held = new ArrayList<>();
		for (SnapshotCopy row : this.copies.findByAppIdOrderBySnapshotCreatedAtDescIdDesc(appId)) {
			if (row.getState() != CopyState.GOOD) {
				continue;
			}
			CopyView view = row.toView();
			List<dev.mamori.backup.archive.Manifest.SourceInfo> sources = (row.getSourcesJson() != null)
					? List.of(json.readValue(row.getSourcesJson(), dev.mamori.backup.archive.Manifest.SourceInfo[].class))
					: List.of();
			held.add(new Held(view.snapshotName(), view.snapshotCreatedAt(), view.sizeBytes(), view.sha256(), view.tags(),
					sources, view.target(), view.location(), view.verifiedAt()));
		}
		return held;
	}

	/**
	 * Lists what a target holds for an app (archives with their manifest beside them).
	 * @param appId the app
	 * @param targetId the target
	 * @return archive names, oldest first
	 */
	public List<String> listRemote(String appId, String targetId) throws IOException {
		try (RemoteStore store = this.targets.open(targetId)) {
			return Copier.list(store, appId);
		}
	}

	/**
	 * One place a snapshot lives.
	 * @param where {@value #LOCAL} or the target's id
	 * @param location the path or URL
	 * @param state the local snapshot's status, {@code MISSING}, or the copy's state
	 * @param verifiedAt when it was last verified
	 */
	public record Location(String where, String location, String state, Instant verifiedAt) {

		/** The local destination. */
		public static final String LOCAL = "local";

	}

}
