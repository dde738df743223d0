package dev.mamori.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.drill.DrillBoot;
import dev.mamori.backup.drill.DrillQuery;
import dev.mamori.backup.drill.DrillResult;
import dev.mamori.backup.drill.DrillRunner;
import dev.mamori.backup.restore.HealthProbe;
import dev.mamori.backup.restore.ReportNumbers;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceHandlers;
import dev.mamori.core.Actor;
import dev.mamori.core.DaemonThreads;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.command.CommandRunner;
import dev.mamori.core.event.DrillFinished;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Restore drills on the server: picks the snapshot, lets the {@link DrillRunner} restore it into a
 * scratch location through the same handlers as a real restore (nothing live touched, the service never
 * stopped, nothing pruned), checks it, boots a copy when declared, removes everything, and records,
 * numbers ({@code DRL-YYYY-NNN}), audits and announces the outcome.
 */
@Service
public class DrillService {

	private static final Logger logger = LoggerFactory.getLogger(DrillService.class);

	private final AppRegistry apps;

	private final BackupService backups;

	private final DrillRunRepository runs;

	private final TransactionTemplate tx;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final CommandRunner commands;

	private final Clock clock;

	private final AppsProperties.Settings settings;

	private final Path dataDir;

	private final HealthProbe health;

	private final SourceHandlers handlers;

	private final Map<String, Long> running = new ConcurrentHashMap<>();

	private final ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("mamori-drill"));

	DrillService(AppRegistry apps, BackupService backups, DrillRunRepository runs, TransactionTemplate tx, AuditLog audit,
			ApplicationEventPublisher events, CommandRunner commands, Clock clock, AppsProperties.Settings settings,
			RestoreProperties restore, @Value("${mamori.data-dir:./data}") Path dataDir) {
		this.apps = apps;
		this.backups = backups;
		this.runs = runs;
		this.tx = tx;
		this.audit = audit;
		this.events = events;
		this.commands = commands;
		this.clock = clock;
		this.settings = settings;
		this.dataDir = dataDir;
		this.health = new HealthProbe(1, restore.healthInterval(), restore.healthTimeout());
		this.handlers = new SourceHandlers(settings.pgDump(), settings.pgRestore());
	}

	@PreDestroy
	void shutdown() {
		this.executor.shutdownNow();
	}

	/**
	 * Starts a drill in the background.
	 * @param appId the app
	 * @param snapshotId the snapshot, or {@code null} for the one the app's drill settings pick
	 * @param actor who asks (an OPERATOR)
	 * @return the drill, RUNNING
	 */
	public DrillRunView start(String appId, Long snapshotId, Actor actor) {
		App app = this.apps.get(appId);
		SnapshotView snapshot = (snapshotId != null) ? chosen(appId, snapshotId) : pick(appId, app)
			.orElseThrow(() -> new DrillRequestException("snapshot", "app '" + appId + "' has no good snapshot to drill"));
		DrillRun run = begin(appId, snapshot, "MANUAL", null, actor).orElseThrow();
		this.executor.submit(() -> execute(run.getId(), app, snapshot, actor));
		return run.toView();
	}

	/**
	 * Claims a cron tick (once across instances) and runs its drill in the background.
	 * @param appId the app
	 * @param tick the tick
	 * @return the drill, when this instance claimed the tick and there was a snapshot to drill
	 */
	public Optional<DrillRunView> startScheduled(String appId, Instant tick) {
		App app = this.apps.get(appId);
		Optional<SnapshotView> snapshot = pick(appId, app);
		if (snapshot.isEmpty()) {
			logger.info("Scheduled drill of {} skipped: no good snapshot yet", appId);
			return Optional.empty();
		}
		Optional<DrillRun> run;
		try {
			run = begin(appId, snapshot.get(), "SCHEDULE", tick, Actor.SYSTEM);
		}
		catch (DrillBusyException ex) {
			logger.info("Scheduled drill of {} for {} skipped: {}", appId, tick, ex.getMessage());
			return Optional.empty();
		}
		run.ifPresent((r) -> this.executor.submit(() -> execute(r.getId(), app, snapshot.get(), Actor.SYSTEM)));
		return run.map(DrillRun::toView);
	}

	/**
	 * @param id a drill id
	 * @return the drill with its steps
	 */
	public DrillRunView run(long id) {
		return this.runs.findById(id).map(DrillRun::toView).orElseThrow(() -> new DrillNotFoundException(id));
	}

	/**
	 * @param appId an app id, or {@code null} for every app
	 * @return the latest drills, newest first
	 */
	public List<DrillRunView> history(String appId) {
		List<DrillRun> found = (appId != null) ? this.runs.findTop50ByAppIdOrderByIdDesc(this.apps.get(appId) == null ? null : appId)
				: this.runs.findTop100ByOrderByIdDesc();
		return found.stream().map(DrillRun::toView).toList();
	}

	/**
	 * @param appId the app
	 * @return its newest drill that passed
	 */
	public Optional<DrillRunView> lastPassed(String appId) {
		return this.runs.findFirstByAppIdAndStatusOrderByIdDesc(appId, DrillRunView.PASSED).map(DrillRun::toView);
	}

	/**
	 * @param appId the app
	 * @return its newest drill that ended, whatever the outcome
	 */
	public Optional<DrillRunView> lastEnded(String appId) {
		return this.runs.findFirstByAppIdAndFinishedAtIsNotNullOrderByIdDesc(appId).map(DrillRun::toView);
	}

	/**
	 * @param appId the app
	 * @return its newest drill that measured a restore time
	 */
	public Optional<DrillRunView> lastMeasured(String appId) {
		return this.runs.findFirstByAppIdAndRestoreMillisIsNotNullOrderByIdDesc(appId).map(DrillRun::toView);
	}

	/**
	 * @param id a drill id
	 * @param locale the reader's language
	 * @param zone the zone times are shown in
	 * @return the drill report in Markdown
	 */
	public String report(long id, Locale locale, ZoneId zone) {
		DrillRunView run = run(id);
		String number = (run.reportNumber() != null) ? run.reportNumber() : "DRL-(running)";
		DrillResult result = new DrillResult(run.passed(), run.steps(), run.restoreTime(), run.error());
		String suspect = run.snapshotSuspect();
		if (suspect != null) {
			try {
				SnapshotView snapshot = this.backups.snapshot(run.snapshotId());
				if (snapshot.suspicious()) {
					suspect = String.join("; ", snapshot.suspect().stream().map((f) -> f.text(locale)).toList());
				}
			}
			catch (SnapshotNotFoundException ex) {
				// Pruned since: the reasons recorded with the drill, in English.
			}
		}
		return DrillReport.render(number, run.appId(), run.snapshotName(), run.snapshotCreatedAt(), run.startedAt(), result,
				zone, locale, suspect);
	}

	/**
	 * At startup: removes what drills a crash interrupted left behind (scratch folders, scratch databases,
	 * the drills' journal) and closes their rows.
	 * @return how many leftovers were removed
	 */
	public int recoverInterrupted() {
		int removed = 0;
		List<Source> declared = this.apps.all().values().stream().flatMap((a) -> a.sources().stream()).toList();
		for (Path root : scratchRoots()) {
			try {
				removed += runner(root).sweep(declared);
				declared = List.of();
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Could not remove what an interrupted drill left in {}: {}", root, ex.getMessage());
			}
		}
		for (DrillRun run : this.runs.findByStatus(DrillRunView.RUNNING)) {
			if (!this.running.containsValue(run.getId())) {
				this.tx.executeWithoutResult((status) -> this.runs.findById(run.getId()).ifPresent((r) -> {
					r.interrupted("interrupted: Mamori stopped during the drill; its scratch data was removed at the next start",
							this.clock.instant());
					this.runs.save(r);
				}));
				this.audit.record(Actor.SYSTEM, "DRILL_FAILED", run.toView().appId(), AuditOutcome.FAILURE,
						Map.of("drillId", run.getId(), "error", "interrupted: Mamori stopped during the drill"));
			}
		}
		return removed;
	}

	private List<Path> scratchRoots() {
		List<Path> roots = new ArrayList<>();
		roots.add(defaultScratch());
		for (App app : this.apps.all().values()) {
			if (app.drill() != null && app.drill().scratch() != null && !roots.contains(app.drill().scratch())) {
				roots.add(app.drill().scratch());
			}
		}
		return roots;
	}

	private Path defaultScratch() {
		return this.dataDir.resolve("drills");
	}

	private DrillRunner runner(Path scratchRoot) {
		return new DrillRunner(this.handlers, this.dataDir.resolve("drill-journal"), scratchRoot, this.settings.scratch(),
				this.health, this.clock);
	}

	private synchronized Optional<DrillRun> begin(String appId, SnapshotView snapshot, String trigger, Instant tick,
			Actor actor) {
		Long busy = this.running.get(appId);
		if (busy != null) {
			throw new DrillBusyException(appId, busy);
		}
		DrillRun run;
		try {
			run = this.tx.execute((status) -> this.runs
				.saveAndFlush(new DrillRun(appId, snapshot, trigger, tick, actor.name(), this.clock.instant())));
		}
		catch (DataIntegrityViolationException ex) {
			return Optional.empty();
		}
		this.running.put(appId, run.getId());
		this.audit.record(actor, "DRILL_STARTED", appId, AuditOutcome.SUCCESS,
				Map.of("drillId", run.getId(), "snapshot", snapshot.name(), "trigger", trigger));
		logger.info("Drill {} of {} from {} started ({})", run.getId(), appId, snapshot.name(), trigger);
		return Optional.of(run);
	}

	private void execute(long drillId, App app, SnapshotView snapshot, Actor actor) {
		String appId = snapshot.appId();
		DrillResult result;
		try {
			result = drill(drillId, appId, app, snapshot);
		}
		catch (RuntimeException ex) {
			logger.error("Drill {} of {} failed unexpectedly", drillId, appId, ex);
			result = new DrillResult(false, List.of(), null, "unexpected error: " + ex.getMessage());
		}
		String number = claimNumber(drillId, app, appId);
		DrillResult ended = result;
		DrillRunView view = this.tx.execute((status) -> {
			DrillRun run = this.runs.findById(drillId).orElseThrow();
			run.finish(ended, number, this.clock.instant());
			return this.runs.saveAndFlush(run).toView();
		});
		this.running.remove(appId, drillId);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("drillId", drillId);
		details.put("snapshot", snapshot.name());
		details.put("report", number);
		if (ended.restoreTime() != null) {
			details.put("restoreMillis", ended.restoreTime().toMillis());
		}
		if (ended.error() != null) {
			details.put("error", ended.error());
		}
		this.audit.record(actor, ended.succeeded() ? "DRILL_PASSED" : "DRILL_FAILED", appId,
				ended.succeeded() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE, details);
		logger.info("Drill {} of {} {} ({}){}", drillId, appId, view.status(), number,
				(ended.error() != null) ? ": " + ended.error() : "");
		this.events.publishEvent(new DrillFinished(appId, drillId, ended.succeeded(), snapshot.name(), number,
				ended.error(), ended.restoreTime(), snapshot.suspicious(), this.clock.instant()));
	}

	private DrillResult drill(long drillId, String appId, App app, SnapshotView snapshot) {
		Manifest sidecar;
		try {
			sidecar = ArchiveJson.readFull(ArchiveFiles.manifestOf(snapshot.archive()), this.apps.keys(appId).identities());
		}
		catch (IOException ex) {
			return new DrillResult(false, List.of(new DrillResult.Step("RESTORE", "FAILED",
					"the snapshot's manifest cannot be read from " + snapshot.destination() + ": " + ex.getMessage(),
					Duration.ZERO)), null, "the snapshot's manifest cannot be read: " + ex.getMessage());
		}
		AppsProperties.Drill settings = app.drill();
		List<DrillQuery> queries = (settings != null) ? settings.queries().stream()
			.map((q) -> new DrillQuery(q.source(), q.sql(), q.expect(), q.value())).toList() : List.of();
		DrillBoot boot = (settings != null && settings.boot() != null)
				? new DrillBoot(this.commands.get(settings.boot().command()).argv(), settings.boot().healthUrl(),
						settings.boot().timeout())
				: null;
		Map<String, Source> declared = new LinkedHashMap<>();
		app.sources().forEach((s) -> declared.put(s.id(), s));
		Path scratch = (settings != null && settings.scratch() != null) ? settings.scratch() : defaultScratch();
		try {
			Files.createDirectories(scratch);
		}
		catch (IOException ex) {
			return new DrillResult(false, List.of(new DrillResult.Step("RESTORE", "FAILED",
					"the scratch location " + scratch + " cannot be made: " + ex.getMessage(), Duration.ZERO)), null,
					"the scratch location " + scratch + " cannot be made: " + ex.getMessage());
		}
		return runner(scratch).run(drillId, appId, snapshot.archive(), sidecar, queries, boot, declared,
				(settings != null) ? settings.maxDuration() : Duration.ofMinutes(30), this.apps.keys(appId).identities());
	}

	private SnapshotView chosen(String appId, long snapshotId) {
		SnapshotView snapshot = this.backups.snapshot(snapshotId);
		if (!snapshot.appId().equals(appId)) {
			throw new DrillRequestException("snapshotId", "snapshot " + snapshotId + " belongs to app '" + snapshot.appId() + "'");
		}
		if (snapshot.status() == SnapshotStatus.CORRUPT) {
			throw new DrillRequestException("snapshotId", "snapshot " + snapshot.name() + " is CORRUPT: " + snapshot.verifyMessage());
		}
		return snapshot;
	}

	/** The newest restorable snapshot (never a pre-restore one), or a random one of the newest N. */
	Optional<SnapshotView> pick(String appId, App app) {
		List<SnapshotView> candidates = this.backups.snapshots(appId)
			.stream()
			.filter((s) -> !s.tags().contains(Snapshot.SAFETY_TAG))
			.filter(this.backups::restorable)
			.toList();
		if (candidates.isEmpty()) {
			return Optional.empty();
		}
		AppsProperties.Drill settings = app.drill();
		if (settings == null || settings.snapshot() == AppsProperties.Drill.Pick.LATEST) {
			return Optional.of(candidates.get(0));
		}
		int n = Math.min(settings.randomOf(), candidates.size());
		return Optional.of(candidates.get(ThreadLocalRandom.current().nextInt(n)));
	}

	/** Claimed on the destination, so unique across instances and fresh installs on the same drive. */
	private String claimNumber(long drillId, App app, String appId) {
		int year = this.clock.instant().atZone(ZoneId.systemDefault()).getYear();
		long known = this.runs.reportNumbersLike("DRL-" + year + "-%").stream().mapToLong(ReportNumbers::ordinal).max().orElse(0);
		Path destination = app.backup().destination();
		if (destination == null || !Files.isDirectory(destination)) {
			return ReportNumbers.format("DRL", year, known + 1);
		}
		try {
			return ReportNumbers.claim(destination, "DRL", year, known, (number) -> "# " + number + "\n\nRestore drill "
					+ drillId + " of " + appId + " on " + BackupService.hostName() + "; the full report is in Mamori.\n");
		}
		catch (IOException ex) {
			logger.warn("Could not claim a drill report number on {}: {}", destination, ex.getMessage());
			return ReportNumbers.format("DRL", year, known + 1);
		}
	}

}
