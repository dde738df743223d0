package dev.mamori.backup;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.anomaly.AnomalyRules;
import dev.mamori.backup.anomaly.BackupAnomalies;
import dev.mamori.backup.anomaly.Finding;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.ArchiveVerifier;
import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.DestinationScanner;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.destination.DestinationCheck;
import dev.mamori.backup.destination.DestinationException;
import dev.mamori.backup.retention.RetentionPolicy;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceException;
import dev.mamori.backup.source.SourceHandler;
import dev.mamori.backup.source.SourceHandlers;
import dev.mamori.backup.source.SourceWriter;
import dev.mamori.core.Actor;
import dev.mamori.core.Cron;
import dev.mamori.core.DaemonThreads;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.event.BackupCompleted;
import dev.mamori.core.event.BackupSuspect;
import dev.mamori.core.event.BackupFailed;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Backup runs: destination checks, one archive per run streamed from every source, verification,
 * the catalog, retention, audit and events. Long I/O runs outside any transaction; the run row is
 * updated in short ones, and a lease keeps runs of one app from overlapping on any instance.
 */
@Service
public class BackupService {

	private static final Logger logger = LoggerFactory.getLogger(BackupService.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AppRegistry apps;

	private final AppsProperties.Settings settings;

	private final SnapshotRepository snapshots;

	private final BackupRunRepository runs;

	private final AppLeases leases;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final String mamoriVersion;

	private final SourceHandlers handlers;

	private final ExecutorService executor = Executors.newFixedThreadPool(2, DaemonThreads.named("mamori-backup"));

	private final ExecutorService preparers = Executors.newCachedThreadPool(DaemonThreads.named("mamori-backup-prepare"));

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("mamori-backup-heartbeat"));

	private final BackgroundVerifications verifications = new BackgroundVerifications();

	private final AnomalyRules anomalies;

	private final ArchivePermissions permissions;

	private final ObjectProvider<OffsiteArchives> offsite;

	BackupService(AppRegistry apps, AppsProperties.Settings settings, SnapshotRepository snapshots,
			BackupRunRepository runs, AppLeases leases, AuditLog audit, ApplicationEventPublisher events, Clock clock,
			TransactionTemplate tx, ObjectProvider<BuildProperties> build, ObjectProvider<AnomalyRules> anomalies,
			ObjectProvider<ArchivePermissions> permissions, ObjectProvider<OffsiteArchives> offsite) {
		this.offsite = offsite;
		this.apps = apps;
		this.permissions = permissions.getIfAvailable(() -> ArchivePermissions.OWNER_ONLY);
		this.anomalies = anomalies.getIfAvailable(() -> AnomalyRules.DEFAULTS);
		this.settings = settings;
		this.snapshots = snapshots;
		this.runs = runs;
		this.leases = leases;
		this.audit = audit;
		this.events = events;
		this.clock = clock;
		this.tx = tx;
		BuildProperties properties = build.getIfAvailable();
		this.mamoriVersion = (properties != null) ? properties.getVersion() : "dev";
		this.handlers = new SourceHandlers(settings.pgDump(), settings.pgRestore(), settings.sqliteCheck());
	}

	@PreDestroy
	void shutdown() {
		this.executor.shutdownNow();
		this.preparers.shutdownNow();
		this.heartbeats.shutdownNow();
		this.verifications.shutdown();
	}

	/**
	 * Starts a backup in the background.
	 * @param appId the app
	 * @param trigger MANUAL, SCHEDULE or CLI
	 * @param actor who asks
	 * @return the run, RUNNING
	 * @throws BackupBusyException when a backup or restore of the app is running
	 */
	public BackupRunView start(String appId, String trigger, Actor actor) {
		Started started = begin(appId, trigger, null, actor).orElseThrow();
		this.executor.submit(() -> execute(started, List.of()));
		return started.run();
	}

	/**
	 * Claims a cron tick and runs its backup in the background. A tick is claimed by one instance
	 * only, however many share the database.
	 * @param appId the app
	 * @param tick the cron tick
	 * @return the run, when this instance claimed the tick
	 * @throws BackupBusyException when a backup or restore of the app is running
	 */
	public Optional<BackupRunView> startScheduled(String appId, Instant tick) {
		Optional<Started> started = begin(appId, "SCHEDULE", tick, Actor.SYSTEM);
		started.ifPresent((s) -> this.executor.submit(() -> execute(s, List.of())));
		return started.map(Started::run);
	}

	/**
	 * Runs a backup and waits for it.
	 * @param appId the app
	 * @param trigger MANUAL, SCHEDULE, CLI or PRE_RESTORE
	 * @param scheduledFor the cron tick, for scheduled runs; a tick runs once across all instances
	 * @param actor who asks
	 * @return the finished run; empty when another instance already ran this tick
	 * @throws BackupBusyException when a backup or restore of the app is running
	 */
	public Optional<BackupRunView> runAndWait(String appId, String trigger, Instant scheduledFor, Actor actor) {
		return begin(appId, trigger, scheduledFor, actor).map((started) -> execute(started, List.of()));
	}

	private Optional<Started> begin(String appId, String trigger, Instant scheduledFor, Actor actor) {
		App app = this.apps.get(appId);
		String owner = this.leases.acquireOrThrow(appId, "backup", this.settings.lockLease());
		BackupRun run;
		try {
			run = this.tx.execute((status) -> this.runs
				.saveAndFlush(new BackupRun(appId, trigger, scheduledFor, actor.name(), owner, this.clock.instant())));
		}
		catch (DataIntegrityViolationException ex) {
			// Another instance already took this cron tick.
			this.leases.release(appId, owner);
			return Optional.empty();
		}
		this.leases.attachRun(appId, owner, run.getId());
		this.audit.record(actor, "BACKUP_STARTED", appId, AuditOutcome.SUCCESS,
				Map.of("runId", run.getId(), "trigger", trigger));
		logger.info("Backup of {} started (run {}, {})", appId, run.getId(), trigger);
		return Optional.of(new Started(run.toView(), app, owner));
	}

	private BackupRunView execute(Started started, List<String> tags) {
		long runId = started.run().id();
		String appId = started.run().appId();
		App app = started.app();
		AtomicLong done = new AtomicLong();
		AtomicBoolean leaseLost = new AtomicBoolean();
		long period = Math.max(1000, this.settings.lockLease().toMillis() / 3);
		ScheduledFuture<?> heartbeat = this.heartbeats.scheduleAtFixedRate(() -> {
			try {
				if (started.owner() != null && !this.leases.renew(appId, started.owner(), this.settings.lockLease())) {
					leaseLost.set(true);
				}
				this.tx.executeWithoutResult((status) -> this.runs.heartbeat(runId, done.get(), this.clock.instant()));
			}
			catch (RuntimeException ex) {
				logger.warn("Heartbeat of backup run {} failed: {}", runId, ex.getMessage());
			}
		}, period, period, TimeUnit.MILLISECONDS);
		Instant started0 = started.run().startedAt();
		Long snapshotId = null;
		try {
			Path destination = app.backup().destination();
			long previous = this.snapshots.findFirstByAppIdOrderByCreatedAtDescIdDesc(appId)
				.map(Snapshot::getSizeBytes)
				.orElse(0L);
			DestinationCheck.check(destination, app.backup().destinationMarker(), previous);
			long expected = app.sources().stream().mapToLong((s) -> writer(s).estimateSize(s)).sum();
			this.tx.executeWithoutResult((status) -> this.runs.findById(runId).ifPresent((r) -> r.expected(expected)));
			LongConsumer progress = (n) -> {
				done.addAndGet(n);
				if (leaseLost.get()) {
					throw new IllegalStateException("lost the app's lease (database unreachable?); the run was stopped");
				}
			};
			ArchiveWriter.Written written = write(appId, app, started0, tags, progress);
			Snapshot snapshot = this.tx.execute((status) -> this.snapshots.saveAndFlush(new Snapshot(appId,
					written.path().getFileName().toString(), destination.toAbsolutePath().toString(), started0,
					written.size(), written.sha256(), String.join(",", tags), runId,
					json.writeValueAsString(written.manifest().sources()))));
			snapshotId = snapshot.getId();
			SnapshotView view = snapshot.toView();
			if (app.backup().verify()) {
				// An encrypted archive is read back with the keys it was written with, so a backup needs
				// only the recipients, never the identity.
				view = verify(snapshot.getId(), Actor.SYSTEM, written.readableWith(this.apps.keys(appId)).identities());
				if (view.status() == SnapshotStatus.CORRUPT) {
					throw new IOException("verification failed: " + view.verifyMessage());
				}
			}
			view = compareWithRecent(snapshot.getId(), view);
			Instant now = this.clock.instant();
			long bytes = done.get();
			long id = snapshot.getId();
			BackupRunView result = this.tx.execute((status) -> {
				BackupRun run = this.runs.findById(runId).orElseThrow();
				run.succeeded(id, bytes, now);
				return run.toView();
			});
			this.audit.record(Actor.SYSTEM, "BACKUP_SUCCEEDED", appId, AuditOutcome.SUCCESS,
					Map.of("runId", runId, "snapshot", view.name(), "sizeBytes", view.sizeBytes(), "status",
							view.status().name()));
			logger.info("Backup of {} finished: {} ({}, {})", appId, view.name(),
					DestinationCheck.human(view.sizeBytes()), view.status());
			this.events.publishEvent(new BackupCompleted(appId, runId, view.name(), view.sizeBytes(),
					view.status() == SnapshotStatus.GOOD, Duration.between(started0, now), now));
			if (view.status() == SnapshotStatus.GOOD || !app.backup().verify()) {
				prune(appId);
			}
			return result;
		}
		catch (DestinationException | SourceException | IOException | RuntimeException ex) {
			String error = (ex instanceof IOException && !(ex.getMessage() != null && ex.getMessage().startsWith("verification")))
					? "I/O error: " + ex.getMessage() : ex.getMessage();
			return fail(runId, appId, error, snapshotId);
		}
		finally {
			heartbeat.cancel(false);
			if (started.owner() != null) {
				this.leases.release(appId, started.owner());
			}
		}
	}

	private ArchiveWriter.Written write(String appId, App app, Instant startedAt, List<String> tags,
			LongConsumer progress) throws IOException, SourceException {
		Path destination = app.backup().destination();
		ZoneId zone = ZoneId.systemDefault();

		int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
		Path workDir = this.settings.scratch();
		List<Source> sources = app.sources();
		// Database copies, checks and dumps run beside the streaming of the other sources.
		List<java.util.concurrent.Future<SourceWriter.Prepared>> prepared = new ArrayList<>();
		for (Source source : sources) {
			SourceWriter sourceWriter = writer(source);
			prepared.add(sourceWriter.preparesSlowly()
					? this.preparers.submit(() -> sourceWriter.prepare(source, workDir)) : null);
		}
		try (ArchiveWriter writer = ArchiveWriter.createNext(destination, appId, LocalDateTime.ofInstant(startedAt, zone),
				this.settings.compressionLevel(), workers, this.apps.keys(appId), (name) -> nameInUse(appId, name))) {
			writer.readableByGroup(this.permissions.group());
			Manifest.SourceInfo[] written = new Manifest.SourceInfo[sources.size()];
			for (int i = 0; i < sources.size(); i++) {
				if (prepared.get(i) == null) {
					written[i] = writer(sources.get(i)).write(sources.get(i), writer, workDir, progress);
				}
			}
			for (int i = 0; i < sources.size(); i++) {
				if (prepared.get(i) != null) {
					try (SourceWriter.Prepared ready = await(prepared.get(i))) {
						prepared.set(i, null);
						written[i] = writer(sources.get(i)).write(sources.get(i), ready, writer, progress);
					}
				}
			}
			List<Manifest.SourceInfo> infos = List.of(written);
			Map<String, String> tools = new LinkedHashMap<>();
			for (int i = 0; i < sources.size(); i++) {
				tools.putAll(writer(sources.get(i)).tools(sources.get(i), infos.get(i)));
			}
			Manifest manifest = new Manifest(Manifest.FORMAT, appId, app.displayName(appId), startedAt, zone.getId(),
					hostName(), this.mamoriVersion, tags, tools, infos, List.of());
			return writer.finish(manifest);
		}
		finally {
			// After a failure, wait for preparations still running and delete their copies.
			for (java.util.concurrent.Future<SourceWriter.Prepared> pending : prepared) {
				if (pending != null) {
					try (SourceWriter.Prepared ignored = await(pending)) {
						// deleted on close
					}
					catch (IOException | SourceException | RuntimeException ex) {
						// The run is already failing for an earlier reason.
					}
				}
			}
		}
	}

	private static SourceWriter.Prepared await(java.util.concurrent.Future<SourceWriter.Prepared> future)
			throws IOException, SourceException {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while preparing a source", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (ex.getCause() instanceof SourceException source) {
				throw source;
			}
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
	}

	private BackupRunView fail(long runId, String appId, String error, Long snapshotId) {
		Instant now = this.clock.instant();
		BackupRunView result = this.tx.execute((status) -> {
			BackupRun run = this.runs.findById(runId).orElseThrow();
			run.failed(error, snapshotId, now);
			return run.toView();
		});
		this.audit.record(Actor.SYSTEM, "BACKUP_FAILED", appId, AuditOutcome.FAILURE,
				Map.of("runId", runId, "error", truncate(error)));
		logger.warn("Backup of {} failed (run {}): {}", appId, runId, error);
		this.events.publishEvent(new BackupFailed(appId, runId, error, now));
		return result;
	}

	/**
	 * Re-reads an archive and records what it found.
	 * @param snapshotId the snapshot
	 * @param actor who asks
	 * @return the snapshot with its new status
	 */
	public SnapshotView verify(long snapshotId, Actor actor) {
		Snapshot snapshot = this.snapshots.findById(snapshotId)
			.orElseThrow(() -> new SnapshotNotFoundException("with id " + snapshotId));
		return verify(snapshotId, actor, this.apps.keys(snapshot.toView().appId()).identities());
	}

	private SnapshotView verify(long snapshotId, Actor actor, AgeKeys keys) {
		Snapshot snapshot = this.snapshots.findById(snapshotId)
			.orElseThrow(() -> new SnapshotNotFoundException("with id " + snapshotId));
		Path archive = snapshot.toView().archive();
		SnapshotStatus status;
		String message;
		String locked = Files.exists(archive) ? unopenable(archive, keys) : null;
		if (!Files.exists(archive)) {
			status = SnapshotStatus.CORRUPT;
			message = "archive file " + archive + " is missing";
		}
		else if (locked != null) {
			// Encrypted and no identity opens it: nothing can be said about its content, which is not
			// corruption; the status stays, the message says which identity is missing.
			status = snapshot.toView().status();
			message = "not verified: " + locked;
		}
		else {
			ArchiveVerifier.Verification result = ArchiveVerifier.verify(archive, keys, (n) -> {
			});
			status = result.intact() ? SnapshotStatus.GOOD : SnapshotStatus.CORRUPT;
			message = result.intact() ? null : String.join("; ", result.problems());
		}
		Instant now = this.clock.instant();
		SnapshotView view = this.tx.execute((tx) -> {
			Snapshot current = this.snapshots.findById(snapshotId).orElseThrow();
			current.verified(status, now, message);
			return current.toView();
		});
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("snapshot", view.name());
		details.put("status", status.name());
		if (message != null) {
			details.put("problems", truncate(message));
		}
		this.audit.record(actor, "SNAPSHOT_VERIFIED", view.appId(), status == SnapshotStatus.GOOD ? AuditOutcome.SUCCESS
				: AuditOutcome.FAILURE, details);
		return view;
	}

	/**
	 * @return why an encrypted archive cannot be opened with the keys (its sealed sidecar is tried), or
	 * {@code null} when it is plain or can be opened
	 */
	private static String unopenable(Path archive, AgeKeys keys) {
		Path sidecar = ArchiveFiles.manifestOf(archive);
		try {
			if (Files.isRegularFile(sidecar) && ArchiveJson.isSealed(sidecar)) {
				ArchiveJson.readFull(sidecar, keys);
			}
			return null;
		}
		catch (dev.mamori.backup.age.NoMatchingIdentityException ex) {
			return ex.getMessage();
		}
		catch (IOException ex) {
			// Damage is for the verification to report.
			return null;
		}
	}

	/**
	 * Queues a verification on the one background verification thread.
	 * @param snapshotId the snapshot
	 * @param actor who asks, for the audit log
	 * @return {@code false} when it is already queued or running, or the queue is full
	 */
	public boolean verifyInBackground(long snapshotId, Actor actor) {
		return this.verifications.submit(snapshotId, () -> verify(snapshotId, actor));
	}

	/**
	 * @param snapshotId a snapshot
	 * @return whether it is queued for verification or being verified
	 */
	public boolean verifying(long snapshotId) {
		return this.verifications.contains(snapshotId);
	}

	/**
	 * @param snapshot a snapshot
	 * @return whether a restore may start from it now: GOOD, or UNVERIFIED with its sidecars
	 * matching (the restore verifies the archive anyway); never CORRUPT
	 */
	public boolean restorable(SnapshotView snapshot) {
		return snapshot.status() == SnapshotStatus.GOOD
				|| (snapshot.status() == SnapshotStatus.UNVERIFIED && sidecarsMatch(snapshot));
	}

	/**
	 * The archive is there with the size the catalog lists, its {@code .sha256} holds the checksum the
	 * catalog lists, and its sidecar manifest is there (it was parsed when the row was written).
	 */
	private static boolean sidecarsMatch(SnapshotView snapshot) {
		Path archive = snapshot.archive();
		try {
			return Files.isRegularFile(archive) && Files.size(archive) == snapshot.sizeBytes()
					&& !snapshot.sha256().isEmpty() && snapshot.sha256().equals(ArchiveFiles.readChecksum(archive))
					&& Files.isRegularFile(ArchiveFiles.manifestOf(archive));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * @param appId the app
	 * @return its snapshots, newest first
	 */
	public List<SnapshotView> snapshots(String appId) {
		this.apps.get(appId);
		return this.snapshots.findByAppIdOrderByCreatedAtDescIdDesc(appId).stream().map(Snapshot::toView).toList();
	}

	/**
	 * @param id a snapshot id
	 * @return the snapshot
	 */
	public SnapshotView snapshot(long id) {
		return this.snapshots.findById(id).map(Snapshot::toView)
			.orElseThrow(() -> new SnapshotNotFoundException("with id " + id));
	}

	/**
	 * @param appId the app
	 * @return the newest good snapshot, if any
	 */
	public Optional<SnapshotView> lastGood(String appId) {
		return this.snapshots.findFirstByAppIdAndStatusOrderByCreatedAtDescIdDesc(appId, SnapshotStatus.GOOD)
			.map(Snapshot::toView);
	}

	/**
	 * How recent the app's backups are, as the dashboard judges it.
	 * @param appId the app
	 * @return its newest restorable snapshot, whether its newest run failed, and whether that snapshot
	 * is older than {@code mamori.backup.stale-after}
	 */
	public BackupFreshness freshness(String appId) {
		SnapshotView last = lastRestorable(appId).orElse(null);
		boolean failed = this.runs.findTop50ByAppIdOrderByIdDesc(appId)
			.stream()
			.findFirst()
			.map((run) -> run.toView().status() == RunStatus.FAILED)
			.orElse(false);
		boolean stale = last != null
				&& Duration.between(last.createdAt(), this.clock.instant()).compareTo(this.settings.staleAfter()) > 0;
		return new BackupFreshness(last, failed, stale);
	}

	/**
	 * @param appId the app
	 * @return the newest snapshot a restore may start from: GOOD, or UNVERIFIED with matching
	 * sidecars (listed by a catalog rebuild, verification pending)
	 */
	public Optional<SnapshotView> lastRestorable(String appId) {
		return this.snapshots.findByAppIdOrderByCreatedAtDescIdDesc(appId)
			.stream()
			.map(Snapshot::toView)
			.filter(this::restorable)
			.findFirst();
	}

	/**
	 * @param id a run id
	 * @return the run
	 */
	public Optional<BackupRunView> run(long id) {
		return this.runs.findById(id).map(BackupRun::toView);
	}

	/**
	 * @param appId the app
	 * @return its latest runs, newest first
	 */
	public List<BackupRunView> runs(String appId) {
		return this.runs.findTop50ByAppIdOrderByIdDesc(appId).stream().map(BackupRun::toView).toList();
	}

	/**
	 * Compares a new backup with the app's recent ones (see {@link AnomalyRules}) and marks it suspect,
	 * audited and logged, when data dropped sharply.
	 * @param id the new snapshot
	 * @param view it as it is now
	 * @return it, with the findings when suspect
	 */
	private SnapshotView compareWithRecent(long id, SnapshotView view) {
		if (!this.anomalies.enabled() || view.status() == SnapshotStatus.CORRUPT) {
			return view;
		}
		List<BackupAnomalies.Observation> history = this.snapshots.findByAppIdOrderByCreatedAtDescIdDesc(view.appId())
			.stream()
			.filter((s) -> s.getId() != id && !s.isSafety() && !s.isSuspect() && s.getStatus() != SnapshotStatus.CORRUPT
					&& !s.getCreatedAt().isAfter(view.createdAt()))
			.limit(this.anomalies.window())
			.map((s) -> {
				SnapshotView v = s.toView();
				return new BackupAnomalies.Observation(v.sizeBytes(), v.sources());
			})
			.toList();
		List<Finding> findings = BackupAnomalies.compare(new BackupAnomalies.Observation(view.sizeBytes(), view.sources()),
				history, this.anomalies);
		if (findings.isEmpty()) {
			return view;
		}
		String text = String.join("; ", findings.stream().map((f) -> f.text(Locale.ENGLISH)).toList());
		SnapshotView suspect = this.tx.execute((status) -> {
			Snapshot row = this.snapshots.findById(id).orElseThrow();
			row.suspect(json.writeValueAsString(findings));
			return row.toView();
		});
		logger.warn("Backup {} of {} is suspect: {}", view.name(), view.appId(), text);
		this.audit.record(Actor.SYSTEM, "SNAPSHOT_SUSPECT", view.appId(), AuditOutcome.FAILURE,
				Map.of("snapshot", view.name(), "reason", text));
		this.events.publishEvent(new BackupSuspect(view.appId(), view.name(),
				findings.stream().map((f) -> f.text(Locale.ENGLISH)).toList(),
				findings.stream().map((f) -> f.text(Locale.JAPANESE)).toList(), this.clock.instant()));
		return suspect;
	}

	/**
	 * @param appId the app
	 * @return keep or delete for each snapshot, with the deciding rule; nothing is changed
	 */
	public List<RetentionPolicy.Decision> retentionPreview(String appId) {
		App app = this.apps.get(appId);
		List<RetentionPolicy.Candidate> candidates = this.snapshots.findByAppIdOrderByCreatedAtDescIdDesc(appId)
			.stream()
			.map((s) -> new RetentionPolicy.Candidate(s.getId(), s.getCreatedAt(), s.getStatus().name(), s.isSafety(),
					s.isSuspect()))
			.toList();
		boolean newestFailed = this.runs.findFirstByAppIdAndStatusNotOrderByStartedAtDescIdDesc(appId, RunStatus.RUNNING)
			.map((r) -> r.getStatus() == RunStatus.FAILED)
			.orElse(false);
		return RetentionPolicy.plan(candidates, app.backup().retention(), newestFailed, schedulePeriod(app),
				this.clock.instant(), ZoneId.systemDefault());
	}

	/**
	 * Deletes what retention says to delete: the archive, its sidecars, its catalog row.
	 * @param appId the app
	 * @return the names deleted
	 */
	public List<String> prune(String appId) {
		List<String> deleted = new ArrayList<>();
		for (RetentionPolicy.Decision decision : retentionPreview(appId)) {
			if (decision.keep()) {
				continue;
			}
			Snapshot snapshot = this.snapshots.findById(decision.snapshot().id()).orElse(null);
			if (snapshot == null) {
				continue;
			}
			Path archive = snapshot.toView().archive();
			try {
				Files.deleteIfExists(ArchiveFiles.manifestOf(archive));
				Files.deleteIfExists(ArchiveFiles.checksumOf(archive));
				Files.deleteIfExists(archive);
			}
			catch (IOException ex) {
				logger.warn("Could not delete {}: {}", archive, ex.getMessage());
				continue;
			}
			this.tx.executeWithoutResult((status) -> this.snapshots.deleteById(snapshot.getId()));
			deleted.add(snapshot.getName());
			this.audit.record(Actor.SYSTEM, "SNAPSHOT_PRUNED", appId, AuditOutcome.SUCCESS,
					Map.of("snapshot", snapshot.getName(), "reason", decision.reason()));
		}
		if (!deleted.isEmpty()) {
			logger.info("Pruned {} snapshot(s) of {}: {}", deleted.size(), appId, deleted);
		}
		return deleted;
	}

	/**
	 * Reads the sidecar manifests in the app's destination and lists every archive found there that
	 * the catalog lacks; drops rows whose archive is gone.
	 * @param appId the app
	 * @param actor who asks
	 * @return how many snapshots were added
	 */
	public int rebuildCatalog(String appId, Actor actor) {
		App app = this.apps.get(appId);
		Path destination = app.backup().destination();
		if (!Files.isDirectory(destination)) {
			throw new DestinationUnavailableException("destination " + destination + " is not there (is the drive mounted?)");
		}
		int added = 0;
		for (DestinationScanner.Found found : DestinationScanner.scan(destination)) {
			if (!appId.equals(found.manifest().app())) {
				continue;
			}
			String name = found.archive().getFileName().toString();
			if (this.snapshots.findByAppIdAndName(appId, name).isPresent()) {
				continue;
			}
			Manifest manifest = fullManifest(appId, found.archive(), found.manifest());
			this.tx.executeWithoutResult((status) -> this.snapshots.saveAndFlush(new Snapshot(appId, name,
					destination.toAbsolutePath().toString(), manifest.createdAt(), found.size(), found.sha256(),
					String.join(",", manifest.tags()), null, json.writeValueAsString(manifest.sources()))));
			added++;
		}
		int removed = 0;
		for (Snapshot snapshot : this.snapshots.findByAppIdOrderByCreatedAtDescIdDesc(appId)) {
			if (!Files.exists(snapshot.toView().archive())) {
				this.tx.executeWithoutResult((status) -> this.snapshots.deleteById(snapshot.getId()));
				removed++;
			}
		}
		this.audit.record(actor, "CATALOG_REBUILT", appId, AuditOutcome.SUCCESS,
				Map.of("added", added, "removed", removed, "destination", destination.toString()));
		// Listed archives are restorable at once; verify them in the background, newest (the likeliest
		// to be restored) first.
		int queued = 0;
		for (SnapshotView snapshot : snapshots(appId)) {
			if (snapshot.status() == SnapshotStatus.UNVERIFIED && sidecarsMatch(snapshot)
					&& verifyInBackground(snapshot.id(), actor)) {
				queued++;
			}
		}
		logger.info("Catalog of {} rebuilt from {}: {} added, {} removed, {} queued for verification", appId,
				destination, added, removed, queued);
		return added;
	}

	/**
	 * At startup and then periodically: runs whose owner stopped (killed, crashed) are marked
	 * FAILED "interrupted", their partial archives are removed, and so are the database copies a stopped
	 * Mamori left in the work directory.
	 * @return how many runs were marked
	 */
	public int recoverInterrupted() {
		Instant now = this.clock.instant();
		int marked = 0;
		for (BackupRun run : this.runs.findByStatus(RunStatus.RUNNING)) {
			if (!isGone(run, now)) {
				continue;
			}
			fail(run.getId(), run.getAppId(), "interrupted: Mamori stopped while this backup was running", null);
			marked++;
		}
		for (Map.Entry<String, App> entry : this.apps.all().entrySet()) {
			removeStalePartials(entry.getKey(), entry.getValue().backup().destination());
		}
		ScratchSpace.sweep(this.settings.workDir());
		return marked;
	}

	private boolean isGone(BackupRun run, Instant now) {
		return AppLeases.isGone(run.getOwner(), now, run.getHeartbeatAt(), this.settings.lockLease());
	}

	private void removeStalePartials(String appId, Path destination) {
		boolean running = this.leases.holder(appId)
			.filter((h) -> !h.expiredAt(this.clock.instant()) && !h.deadLocalProcess())
			.isPresent();
		if (running || !Files.isDirectory(destination)) {
			return;
		}
		try (var files = Files.list(destination)) {
			for (Path partial : files.filter((p) -> p.getFileName().toString().startsWith(appId + "_")
					&& p.getFileName().toString().endsWith(ArchiveFiles.PARTIAL)).toList()) {
				if (ArchiveWriter.beingWritten(partial)) {
					// A restore's pre-restore archive, or a command-line run on the same drive.
					continue;
				}
				Files.deleteIfExists(partial);
				logger.info("Removed the partial archive {} left by an interrupted backup", partial);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not clean partial archives in {}: {}", destination, ex.getMessage());
		}
	}

	/**
	 * @param appId the app
	 * @return whether its catalog has no snapshot at all
	 */
	public boolean catalogEmpty(String appId) {
		return this.snapshots.countByAppId(appId) == 0;
	}

	static Duration schedulePeriod(App app) {
		String schedule = app.backup().schedule();
		if (schedule == null || schedule.isBlank()) {
			return null;
		}
		var cron = Cron.parse(schedule);
		java.time.ZonedDateTime first = cron.next(java.time.ZonedDateTime.now());
		java.time.ZonedDateTime second = (first != null) ? cron.next(first) : null;
		return (first != null && second != null) ? Duration.between(first, second) : null;
	}

	SourceHandler writer(Source source) {
		return this.handlers.of(source);
	}

	/**
	 * @return the Mamori version written into manifests
	 */
	String mamoriVersion() {
		return this.mamoriVersion;
	}

	/**
	 * Lists one archive written outside a backup run (a restore's pre-restore archive) in the
	 * catalog, from its sidecar.
	 * @param appId the app
	 * @param archive the archive
	 * @return the snapshot id, or {@code null} when it could not be read
	 */
	public Long registerArchive(String appId, Path archive) {
		try {
			Manifest manifest = fullManifest(appId, archive, ArchiveJson.read(ArchiveFiles.manifestOf(archive)));
			String name = archive.getFileName().toString();
			Snapshot snapshot = this.tx.execute((status) -> this.snapshots.findByAppIdAndName(appId, name)
				.orElseGet(() -> this.snapshots.saveAndFlush(new Snapshot(appId, name,
						archive.getParent().toAbsolutePath().toString(), manifest.createdAt(), sizeOf(archive),
						readChecksum(archive), String.join(",", manifest.tags()), null,
						json.writeValueAsString(manifest.sources())))));
			return snapshot.getId();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not list {} in the catalog: {}", archive, ex.getMessage());
			return null;
		}
	}

	/**
	 * The whole manifest of a listed archive: a sealed sidecar opened when the app's identity can, else
	 * the listing part only (no per-source details in the catalog until it is verified or restored).
	 */
	private Manifest fullManifest(String appId, Path archive, Manifest listing) {
		try {
			return ArchiveJson.readFull(ArchiveFiles.manifestOf(archive), this.apps.keys(appId).identities());
		}
		catch (IOException ex) {
			logger.info("Listing {} without its sealed manifest: {}", archive.getFileName(), ex.getMessage());
			return listing;
		}
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static String readChecksum(Path archive) {
		try {
			return ArchiveFiles.readChecksum(archive);
		}
		catch (IOException ex) {
			return null;
		}
	}

	static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String truncate(String text) {
		return (text != null && text.length() > 1000) ? text.substring(0, 1000) + "…" : text;
	}

	private record Started(BackupRunView run, App app, String owner) {
	}


	/**
	 * Whether an archive name is taken although its file may not be on the drive: a snapshot in the
	 * catalog (its file deleted by hand or lost), or a copy held only on a target. A new archive under
	 * such a name would be mistaken for the old one (its catalog row, its off-site copies).
	 * @param appId the app
	 * @param name an archive name
	 * @return whether it is in use
	 */
	public boolean nameInUse(String appId, String name) {
		if (this.snapshots.findByAppIdAndName(appId, name).isPresent()) {
			return true;
		}
		OffsiteArchives archives = this.offsite.getIfAvailable();
		return archives != null && archives.held(appId).stream().anyMatch((held) -> held.snapshotName().equals(name));
	}

}
