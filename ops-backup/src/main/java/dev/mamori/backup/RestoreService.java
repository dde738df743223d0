package dev.mamori.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
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

import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.ArchiveKeys;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.restore.HealthProbe;
import dev.mamori.backup.restore.PreRestoreArchive;
import dev.mamori.backup.restore.RestoreEngine;
import dev.mamori.backup.restore.RestoreJob;
import dev.mamori.backup.restore.RestoreJournal;
import dev.mamori.backup.restore.RestoreRecovery;
import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceHandler;
import dev.mamori.backup.source.SourceHandlers;
import dev.mamori.core.Actor;
import dev.mamori.core.DaemonThreads;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.catalog.AppIncidents;
import dev.mamori.core.command.CommandRunner;
import dev.mamori.core.event.RestoreStarted;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Restores on the server: resolves the app, the snapshot and its sidecar into a {@link RestoreJob},
 * lets the {@link RestoreEngine} run it, and records, audits, numbers and announces the outcome.
 * The moved-aside data is archived ({@code pre-restore}) in the background once the app is healthy.
 */
@Service
public class RestoreService {

	private static final Logger logger = LoggerFactory.getLogger(RestoreService.class);

	/** Where a restore reads the archive from when it is on the local destination. */
	public static final String LOCAL = "local";

	private final AppRegistry apps;

	private final BackupService backups;

	private final AppLeases leases;

	private final AuditLog audit;

	private final RestoreRunRepository runs;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final AppsProperties.Settings settings;

	private final ApplicationEventPublisher events;

	private final ObjectProvider<AppIncidents> incidents;

	private final SourceHandlers handlers;

	private final RestoreEngine engine;

	private final CommandRunner commands;

	private final HealthProbe health;

	private final RestoreOutcomes outcomes;

	private final PreRestoreArchive preRestore;

	private final ObjectProvider<OffsiteArchives> offsite;

	private final ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("mamori-restore"));

	private final ExecutorService cleaner = Executors.newSingleThreadExecutor(DaemonThreads.named("mamori-restore-cleanup"));

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("mamori-restore-lease"));

	RestoreService(AppRegistry apps, BackupService backups, AppLeases leases, CommandRunner commands, AuditLog audit,
			RestoreRunRepository runs, TransactionTemplate tx, Clock clock, AppsProperties.Settings settings,
			RestoreProperties properties, ApplicationEventPublisher events, ObjectProvider<AppIncidents> incidents,
			@Value("${mamori.data-dir:./data}") Path dataDir, ObjectProvider<OffsiteArchives> offsite) {
		this.apps = apps;
		this.offsite = offsite;
		this.backups = backups;
		this.leases = leases;
		this.audit = audit;
		this.runs = runs;
		this.tx = tx;
		this.clock = clock;
		this.settings = settings;
		this.events = events;
		this.incidents = incidents;
		this.commands = commands;
		this.handlers = new SourceHandlers(settings.pgDump(), settings.pgRestore());
		this.health = new HealthProbe(properties.healthAttempts(), properties.healthInterval(), properties.healthTimeout());
		this.engine = new RestoreEngine(new RestoreJournal(dataDir.resolve("restore-journal")), commands::run, this.health,
				clock);
		this.outcomes = new RestoreOutcomes(apps, backups, leases, runs, tx, audit, events, clock);
		this.preRestore = new PreRestoreArchive(settings.scratch(), backups.mamoriVersion(), backups::nameInUse);
	}

	@PreDestroy
	void shutdown() {
		this.executor.shutdownNow();
		this.cleaner.shutdownNow();
		this.heartbeats.shutdownNow();
	}

	/**
	 * The dry run: what would be replaced, how, sizes now and in the snapshot, the commands that
	 * would run. Changes nothing.
	 * @param appId the app
	 * @param snapshotId the snapshot
	 * @param sourceIds the sources to restore, or empty for all
	 * @return the plan
	 */
	public RestorePlan plan(String appId, long snapshotId, List<String> sourceIds) {
		return plan(appId, snapshotId, null, null, sourceIds);
	}

	/**
	 * The dry run of a restore from a chosen location: the local destination or a target holding a
	 * good copy; a snapshot that exists only off-site (its local archive deleted, lost or pruned by
	 * retention) is named by its archive name. Changes nothing, downloads nothing.
	 * @param appId the app
	 * @param snapshotId the snapshot's catalog id, or {@code null} when it is named
	 * @param snapshotName the archive's name, or {@code null} when the id is given
	 * @param from {@value #LOCAL}, a target's id, or {@code null} for the local archive when it is there and
	 * else the first target holding a good copy
	 * @param sourceIds the sources to restore, or empty for all
	 * @return the plan
	 */
	public RestorePlan plan(String appId, Long snapshotId, String snapshotName, String from, List<String> sourceIds) {
		App app = this.apps.get(appId);
		Chosen chosen = choose(appId, snapshotId, snapshotName, from);
		SnapshotView snapshot = chosen.snapshot();
		Map<String, Long> snapshotBytes = new LinkedHashMap<>();
		snapshot.sources().forEach((info) -> snapshotBytes.put(info.id(), info.bytes()));
		List<RestorePlan.SourcePlan> sources = new ArrayList<>();
		for (Source source : select(app, sourceIds)) {
			SourceHandler handler = this.handlers.of(source);
			SourceHandler.RestoreAction action = handler.action(source);
			sources.add(new RestorePlan.SourcePlan(source.id(), source.type().name().toLowerCase(Locale.ROOT),
					handler.target(source), action.text(), action.code(), handler.currentSize(source),
					snapshotBytes.getOrDefault(source.id(), -1L)));
		}
		List<String> warnings = new ArrayList<>();
		if (snapshot.status() != SnapshotStatus.GOOD) {
			warnings.add("snapshot " + snapshot.name() + " is " + snapshot.status()
					+ ": the restore checks every entry while extracting and stops before anything live is touched if one is wrong");
		}
		AppsProperties.Service service = app.service();
		return new RestorePlan(appId, snapshot, sources, argv((service != null) ? service.stop() : null),
				argv((service != null) ? service.start() : null), app.healthUrl(),
				"the data replaced is moved aside by rename (instant, works on damaged files) and, once the app is healthy, "
						+ "archived as a pre-restore snapshot kept " + app.backup().retention().safetySnapshotDays() + " days",
				warnings, (chosen.target() != null) ? chosen.target() : LOCAL,
				(chosen.target() != null) ? chosen.location() : snapshot.archive().toString());
	}

	/** A snapshot resolved for a restore, and the target it is downloaded from ({@code null}: the drive). */
	private record Chosen(SnapshotView snapshot, String target, String location) {
	}

	private Chosen choose(String appId, Long snapshotId, String snapshotName, String from) {
		String name = (snapshotName != null && !snapshotName.isBlank()) ? snapshotName : null;
		if (snapshotId == null && name == null) {
			throw new RestoreRequestException("snapshot", "give the snapshot's id (snapshot) or its archive name (snapshotName)");
		}
		App app = this.apps.get(appId);
		SnapshotView snapshot;
		if (snapshotId != null) {
			snapshot = snapshotOf(appId, snapshotId);
			if (name != null && !name.equals(snapshot.name())) {
				throw new RestoreRequestException("snapshotName", "snapshot " + snapshotId + " is " + snapshot.name() + ", not "
						+ name);
			}
		}
		else {
			snapshot = this.backups.snapshots(appId).stream().filter((s) -> s.name().equals(name)).findFirst().orElse(null);
		}
		String wantedName = (snapshot != null) ? snapshot.name() : name;
		OffsiteArchives archives = this.offsite.getIfAvailable();
		List<OffsiteArchives.Held> held = (archives != null) ? archives.held(appId).stream()
			.filter((h) -> h.snapshotName().equals(wantedName))
			.toList() : List.of();
		if (snapshot == null) {
			if (held.isEmpty()) {
				throw new RestoreRequestException("snapshotName", "app '" + appId + "' has no snapshot named " + name
						+ ", neither in " + app.backup().destination() + " nor as a good copy on a target");
			}
			// Only off-site: pruned by retention or lost on the drive; the copy's catalog row describes it.
			OffsiteArchives.Held copy = held.get(0);
			snapshot = new SnapshotView(0, appId, copy.snapshotName(), app.backup().destination().toString(),
					copy.createdAt(), copy.sizeBytes(), copy.sha256(), SnapshotStatus.GOOD, copy.verifiedAt(), null,
					copy.tags(), null, copy.sources(), List.of());
		}
		boolean onDrive = snapshot.id() != 0 && java.nio.file.Files.isRegularFile(snapshot.archive());
		String wanted = (from != null && !from.isBlank()) ? from : null;
		if (LOCAL.equals(wanted)) {
			if (!onDrive) {
				throw new RestoreRequestException("from", "snapshot " + snapshot.name() + " is not in "
						+ app.backup().destination() + locations(held));
			}
			return new Chosen(snapshot, null, null);
		}
		if (wanted != null) {
			OffsiteArchives.Held copy = held.stream().filter((h) -> h.target().equals(wanted)).findFirst()
				.orElseThrow(() -> new RestoreRequestException("from", "target '" + wanted + "' holds no good copy of "
						+ wantedName + locations(held)));
			return new Chosen(snapshot, copy.target(), copy.location());
		}
		if (onDrive || held.isEmpty()) {
			// The drive's archive, or (when it is gone and no copy is known) the refusal at the start.
			return new Chosen(snapshot, null, null);
		}
		List<String> order = app.backup().copies().stream().map(AppsProperties.Copy::target).toList();
		OffsiteArchives.Held first = held.stream()
			.min(Comparator.comparingInt((OffsiteArchives.Held h) -> order.contains(h.target()) ? order.indexOf(h.target())
					: order.size()))
			.orElseThrow();
		return new Chosen(snapshot, first.target(), first.location());
	}

	private static String locations(List<OffsiteArchives.Held> held) {
		return held.isEmpty() ? "; no target holds a good copy of it"
				: "; good copies are on: " + String.join(", ", held.stream().map(OffsiteArchives.Held::target).toList());
	}

	/**
	 * Starts a restore in the background.
	 * @param appId the app
	 * @param snapshotId the snapshot
	 * @param sourceIds the sources, or empty for all
	 * @param confirm must equal the app id
	 * @param actor who asks (an ADMIN)
	 * @return the run, RUNNING
	 */
	public RestoreRunView start(String appId, long snapshotId, List<String> sourceIds, String confirm, Actor actor) {
		return start(appId, snapshotId, null, null, sourceIds, confirm, actor);
	}

	/**
	 * Starts a restore from a chosen location in the background; a target's copy is downloaded into
	 * staging and verified first, then the normal restore runs and its report says where it came from.
	 * @param appId the app
	 * @param snapshotId the snapshot's catalog id, or {@code null} when it is named
	 * @param snapshotName the archive's name (for a snapshot that exists only off-site), or {@code null}
	 * @param from {@value #LOCAL}, a target's id, or {@code null} (the drive when the archive is there, else
	 * the first target holding a good copy)
	 * @param sourceIds the sources, or empty for all
	 * @param confirm must equal the app id
	 * @param actor who asks (an ADMIN)
	 * @return the run, RUNNING
	 */
	public RestoreRunView start(String appId, Long snapshotId, String snapshotName, String from, List<String> sourceIds,
			String confirm, Actor actor) {
		Prepared prepared = prepare(appId, snapshotId, snapshotName, from, sourceIds, confirm, actor);
		this.executor.submit(() -> execute(prepared));
		return prepared.view();
	}

	/**
	 * Runs a restore and waits for it (not for the background archive of the replaced data).
	 * @param appId the app
	 * @param snapshotId the snapshot
	 * @param sourceIds the sources, or empty for all
	 * @param confirm must equal the app id
	 * @param actor who asks
	 * @return the finished run
	 */
	public RestoreRunView runAndWait(String appId, long snapshotId, List<String> sourceIds, String confirm, Actor actor) {
		return execute(prepare(appId, snapshotId, null, null, sourceIds, confirm, actor));
	}

	/**
	 * @param id a restore run id
	 * @return the run with its steps
	 */
	public Optional<RestoreRunView> run(long id) {
		return this.runs.findById(id).map(RestoreRun::toView);
	}

	/**
	 * @param appId an app id, or {@code null} for all apps
	 * @return the latest restores, newest first
	 */
	public List<RestoreRunView> history(String appId) {
		List<RestoreRun> found = (appId != null) ? this.runs.findTop100ByAppIdOrderByIdDesc(appId)
				: this.runs.findTop100ByOrderByIdDesc();
		return found.stream().map(RestoreRun::toView).toList();
	}

	/**
	 * @param appId the app
	 * @return its newest restore that measured a restore time (request to healthy), if any
	 */
	public Optional<RestoreRunView> lastMeasured(String appId) {
		return this.runs.findFirstByAppIdAndRtoMillisIsNotNullOrderByIdDesc(appId).map(RestoreRun::toView);
	}

	/**
	 * @param id a restore run id
	 * @return the recovery report in Markdown, in English
	 */
	public String report(long id) {
		return report(id, Locale.ENGLISH);
	}

	/**
	 * @param id a restore run id
	 * @param locale the reader's language
	 * @return the recovery report in Markdown
	 */
	public String report(long id, Locale locale) {
		return report(id, locale, ZoneId.systemDefault());
	}

	/**
	 * @param id a restore run id
	 * @param locale the reader's language
	 * @param viewerZone the zone the reader reads times in
	 * @return the recovery report in Markdown in that language; the number is the same for every reader
	 */
	public String report(long id, Locale locale, ZoneId viewerZone) {
		RestoreRunView run = run(id).orElseThrow(() -> new RestoreNotFoundException(id));
		String number = (run.reportNumber() != null) ? run.reportNumber() : "REC-(running)";
		return RecoveryReport.render(number, run, displayName(run.appId()), run.preRestoreArchive(), viewerZone, locale);
	}

	/**
	 * At startup, before scheduling: finishes or undoes every restore a crash interrupted, and
	 * closes run rows that no process runs any more.
	 * @return the recovered runs
	 */
	public List<RestoreRecovery.Recovered> recoverInterrupted() {
		RestoreRecovery recovery = new RestoreRecovery(this.engine.journal(), this.handlers, this.commands::run, this.health,
				this.preRestore, this::resolve);
		List<RestoreRecovery.Recovered> recovered = recovery.recover();
		this.outcomes.afterRecovery(recovered);
		return recovered;
	}

	private Prepared prepare(String appId, Long snapshotId, String snapshotName, String from, List<String> sourceIds,
			String confirm, Actor actor) {
		App app = this.apps.get(appId);
		ArchiveKeys keys = this.apps.keys(appId);
		if (confirm == null || !confirm.equals(appId)) {
			throw new RestoreRequestException("confirm", "confirm must be the app id '" + appId + "' typed out");
		}
		Chosen chosen = choose(appId, snapshotId, snapshotName, from);
		SnapshotView snapshot = chosen.snapshot();
		if (snapshot.status() == SnapshotStatus.CORRUPT && chosen.target() == null) {
			throw new RestoreRequestException("snapshot", "snapshot " + snapshot.name() + " is CORRUPT: " + snapshot.verifyMessage());
		}
		Path archive = snapshot.archive();
		OffsiteArchives.Fetched fetched = null;
		Path staging = null;
		long fetchStarted = System.nanoTime();
		if (chosen.target() != null || snapshot.id() == 0 || !java.nio.file.Files.isRegularFile(archive)) {
			// Not on the drive any more (deleted, lost, pruned, a new drive), or a target chosen: a verified
			// off-site copy serves.
			OffsiteArchives archives = this.offsite.getIfAvailable();
			try {
				staging = java.nio.file.Files.createDirectories(
						this.settings.scratch().resolve("offsite-" + java.util.UUID.randomUUID()));
				if (archives != null && chosen.target() != null) {
					fetched = archives.fetch(appId, snapshot.name(), chosen.target(), staging);
				}
				else {
					fetched = (archives != null) ? archives.fetch(appId, snapshot.name(), staging).orElse(null) : null;
				}
			}
			catch (IOException ex) {
				deleteQuietly(staging);
				throw new RestoreRequestException("snapshot", "snapshot " + snapshot.name() + " is not in "
						+ snapshot.destination() + " and its off-site copy could not be downloaded: " + ex.getMessage());
			}
			if (fetched == null) {
				deleteQuietly(staging);
				throw new RestoreRequestException("snapshot", "snapshot " + snapshot.name() + " is not in "
						+ snapshot.destination() + " and no target holds a good copy of it");
			}
			archive = fetched.archive();
		}
		Manifest sidecar;
		try {
			sidecar = ArchiveJson.readFull(ArchiveFiles.manifestOf(archive), keys.identities());
		}
		catch (IOException ex) {
			deleteQuietly(staging);
			throw new RestoreRequestException("snapshot", "snapshot " + snapshot.name() + " cannot be read from "
					+ archive.getParent() + ": " + ex.getMessage());
		}
		List<RestoreJob.Part> parts = new ArrayList<>();
		for (Source source : select(app, sourceIds)) {
			Manifest.SourceInfo info = sidecar.sources().stream().filter((s) -> s.id().equals(source.id())).findFirst()
				.orElseThrow(() -> new RestoreRequestException("sources", "snapshot " + snapshot.name() + " has no source '"
						+ source.id() + "'"));
			if (SourceHandlers.type(info.type()) != source.type()) {
				throw new RestoreRequestException("sources", "source '" + source.id() + "' is " + info.type()
						+ " in the snapshot but declared as " + source.type());
			}
			parts.add(new RestoreJob.Part(source, this.handlers.of(source), info));
		}
		String owner;
		try {
			owner = this.leases.acquireOrThrow(appId, "restore", this.settings.lockLease());
		}
		catch (RuntimeException ex) {
			deleteQuietly(staging);
			throw ex;
		}
		RestoreRun run = this.tx.execute((status) -> this.runs.saveAndFlush(new RestoreRun(appId, snapshot,
				parts.stream().map((p) -> p.source().id()).toList(), actor.name(), this.clock.instant())));
		AppsProperties.Service service = app.service();
		if (fetched != null) {
			RestoreRecorder recorder = new RestoreRecorder(run.getId(), appId, actor, this.runs, this.tx, this.audit,
					this.clock);
			recorder.stepStarted("FETCH_OFFSITE");
			recorder.stepEnded("FETCH_OFFSITE", "SUCCEEDED", "downloaded from " + fetched.location() + " (target "
					+ fetched.target() + ") in " + Duration.ofNanos(System.nanoTime() - fetchStarted).toSeconds()
					+ " s, SHA-256 verified: " + ((chosen.target() != null && snapshot.id() != 0
							&& java.nio.file.Files.isRegularFile(snapshot.archive())) ? "chosen instead of the archive on "
									: "the archive was not on ") + snapshot.destination());
		}
		RestoreJob job = new RestoreJob(run.getId(), appId, archive, sidecar, parts,
				(service != null) ? service.stop() : null, (service != null) ? service.start() : null, app.healthUrl(),
				this.settings.scratch(), app.backup().destination(), this.settings.compressionLevel(), null, keys);
		this.audit.record(actor, "RESTORE_STARTED", appId, AuditOutcome.SUCCESS, Map.of("restoreId", run.getId(),
				"snapshot", snapshot.name(), "sources", String.join(",", parts.stream().map((p) -> p.source().id()).toList())));
		logger.info("Restore {} of {} from {} started by {}", run.getId(), appId, snapshot.name(), actor.name());
		this.events.publishEvent(new RestoreStarted(appId, run.getId(), true, this.clock.instant()));
		Instant outageSince = this.incidents.stream().map((i) -> i.openSince(appId)).flatMap(Optional::stream).findFirst()
			.orElse(null);
		return new Prepared(job, snapshot, owner, actor, this.tx.execute((s) -> this.runs.findById(run.getId()).orElseThrow().toView()),
				outageSince, staging);
	}

	private RestoreRunView execute(Prepared p) {
		RestoreJob job = p.job();
		long period = Math.max(1000, this.settings.lockLease().toMillis() / 3);
		ScheduledFuture<?> heartbeat = this.heartbeats.scheduleAtFixedRate(
				() -> this.leases.renew(job.appId(), p.owner(), this.settings.lockLease()), period, period, TimeUnit.MILLISECONDS);
		RestoreRecorder recorder = new RestoreRecorder(job.runId(), job.appId(), p.actor(), this.runs, this.tx, this.audit,
				this.clock);
		RestoreEngine.Result result;
		try {
			result = this.engine.run(job, recorder);
		}
		catch (RuntimeException ex) {
			logger.error("Restore {} of {} failed unexpectedly", job.runId(), job.appId(), ex);
			result = new RestoreEngine.Result(RestoreStatus.ROLLBACK_FAILED, "unexpected error: " + ex.getMessage()
					+ "; the restore journal will be completed at the next start", null, null, null);
		}
		finally {
			heartbeat.cancel(false);
			this.leases.release(job.appId(), p.owner());
			deleteQuietly(p.staging());
		}
		String healthBefore = result.healthBefore();
		Duration outage = (p.outageSince() != null && result.healthyAt() != null)
				? Duration.between(p.outageSince(), result.healthyAt()) : null;
		recorder.update((run) -> {
			run.healthBefore(healthBefore);
			run.outage(outage);
		});
		RestoreRunView view = this.outcomes.end(job.runId(), job.appId(), p.actor(), result.status(), result.error(),
				result.healthyAt());
		if (result.status() == RestoreStatus.SUCCEEDED) {
			this.cleaner.submit(() -> archiveReplaced(job, recorder));
		}
		return view;
	}

	/** After success, off the critical path: the replaced data into a pre-restore archive, then removed. */
	private void archiveReplaced(RestoreJob job, RestoreRecorder recorder) {
		recorder.stepStarted("PRE_RESTORE_ARCHIVE");
		try {
			String name = this.engine.finish(job, this.preRestore);
			Long snapshotId = (name != null) ? this.backups.registerArchive(job.appId(), job.destination().resolve(name)) : null;
			recorder.update((run) -> run.preRestoreArchive(name, snapshotId));
			recorder.stepEnded("PRE_RESTORE_ARCHIVE", (name != null) ? "SUCCEEDED" : "SKIPPED",
					(name != null) ? "the replaced data is in " + name + "; the copies moved aside were removed"
							: "skipped: nothing had been there to replace");
		}
		catch (IOException | dev.mamori.backup.source.SourceException | RuntimeException ex) {
			logger.warn("Restore {} of {}: the replaced data is kept where it was moved aside ({}): {}", job.runId(),
					job.appId(), this.engine.journal().directory(), ex.getMessage());
			recorder.stepEnded("PRE_RESTORE_ARCHIVE", "FAILED", "the replaced data stays where it was moved aside, "
					+ "and the next start tries again: " + ex.getMessage());
		}
	}

	private Source resolve(String appId, RestoreJournal.SourceEntry entry) {
		if (this.apps.all().containsKey(appId)) {
			for (Source source : this.apps.get(appId).sources()) {
				if (source.id().equals(entry.staging().sourceId())) {
					return source;
				}
			}
		}
		return RestoreRecovery.SourceResolver.fromJournal(entry, System.getenv("PGPASSWORD"));
	}

	private String displayName(String appId) {
		return this.apps.all().containsKey(appId) ? this.apps.get(appId).displayName(appId) : appId;
	}

	private SnapshotView snapshotOf(String appId, long snapshotId) {
		SnapshotView snapshot = this.backups.snapshot(snapshotId);
		if (!snapshot.appId().equals(appId)) {
			throw new RestoreRequestException("snapshot", "snapshot " + snapshotId + " belongs to app '" + snapshot.appId() + "'");
		}
		return snapshot;
	}

	private static List<Source> select(App app, List<String> sourceIds) {
		if (sourceIds == null || sourceIds.isEmpty()) {
			return app.sources();
		}
		List<Source> selected = new ArrayList<>();
		for (String id : sourceIds) {
			selected.add(app.sources().stream().filter((s) -> s.id().equals(id)).findFirst()
				.orElseThrow(() -> new RestoreRequestException("sources", "the app has no source '" + id + "' (it has "
						+ app.sources().stream().map(Source::id).toList() + ")")));
		}
		// Restore in the declared order, whatever order they were asked in.
		selected.sort(Comparator.comparingInt(app.sources()::indexOf));
		return selected;
	}

	private List<String> argv(String commandId) {
		return (commandId != null) ? this.commands.get(commandId).argv() : List.of();
	}

	/** What a started restore carries; {@code outageSince} is when the app's open incident began, if any. */
	private record Prepared(RestoreJob job, SnapshotView snapshot, String owner, Actor actor, RestoreRunView view,
			Instant outageSince, Path staging) {
	}

	private static void deleteQuietly(Path directory) {
		if (directory == null) {
			return;
		}
		try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((f) -> f.toFile().delete());
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			logger.warn("Could not delete the staging directory {}: {}", directory, ex.getMessage());
		}
	}

}
