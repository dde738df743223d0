package dev.mamori.backup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.mamori.core.DaemonThreads;
import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.AppsProperties.Source;
import dev.mamori.backup.AppsProperties.SourceType;
import dev.mamori.backup.archive.ArchiveExtractor;
import dev.mamori.backup.archive.ArchiveVerifier;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.source.PostgresLocation;
import dev.mamori.backup.source.SourceException;
import dev.mamori.backup.source.SqliteSourceWriter;
import dev.mamori.backup.source.ToolProcess;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.command.CommandResult;
import dev.mamori.core.command.CommandRunner;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Restores: the archive is proven intact before anything is touched, a safety snapshot of the
 * current state is taken, everything is extracted beside its target while the app still runs, then
 * the app is stopped, each source swapped in by rename (or {@code pg_restore} in one transaction),
 * checked, started and health-checked. If anything fails after the stop, the previous data is put
 * back and the app started again. Every step is recorded and audited; RTO and RPO are measured.
 */
@Service
public class RestoreService {

	private static final Logger logger = LoggerFactory.getLogger(RestoreService.class);

	private final AppRegistry apps;

	private final BackupService backups;

	private final AppLeases leases;

	private final CommandRunner commands;

	private final AuditLog audit;

	private final RestoreRunRepository runs;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final AppsProperties.Settings settings;

	private final RestoreProperties properties;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

	private final ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("mamori-restore"));

	RestoreService(AppRegistry apps, BackupService backups, AppLeases leases, CommandRunner commands, AuditLog audit,
			RestoreRunRepository runs, TransactionTemplate tx, Clock clock, AppsProperties.Settings settings,
			RestoreProperties properties) {
		this.apps = apps;
		this.backups = backups;
		this.leases = leases;
		this.commands = commands;
		this.audit = audit;
		this.runs = runs;
		this.tx = tx;
		this.clock = clock;
		this.settings = settings;
		this.properties = properties;
	}

	@PreDestroy
	void shutdown() {
		this.executor.shutdownNow();
	}

	/**
	 * The dry run: what would be replaced, sizes now and in the snapshot, the commands that would
	 * run. Changes nothing.
	 * @param appId the app
	 * @param snapshotId the snapshot
	 * @param sourceIds the sources to restore, or empty for all
	 * @return the plan
	 */
	public RestorePlan plan(String appId, long snapshotId, List<String> sourceIds) {
		App app = this.apps.get(appId);
		SnapshotView snapshot = snapshotOf(appId, snapshotId);
		Map<String, Long> snapshotBytes = new LinkedHashMap<>();
		for (Manifest.SourceInfo info : sourceInfos(snapshot)) {
			snapshotBytes.put(info.id(), info.bytes());
		}
		List<RestorePlan.SourcePlan> sources = new ArrayList<>();
		for (Source source : select(app, sourceIds)) {
			sources.add(new RestorePlan.SourcePlan(source.id(), source.type().name().toLowerCase(), target(source),
					action(source), actionCode(source), currentSize(source), snapshotBytes.getOrDefault(source.id(), -1L)));
		}
		AppsProperties.Service service = app.service();
		return new RestorePlan(appId, snapshot, sources, argv((service != null) ? service.stop() : null),
				argv((service != null) ? service.start() : null), app.healthUrl(),
				"a backup of the current state, tagged pre-restore, is taken first and kept "
						+ app.backup().retention().safetySnapshotDays() + " days", List.of());
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
		Prepared prepared = prepare(appId, snapshotId, sourceIds, confirm, actor);
		this.executor.submit(() -> execute(prepared));
		return prepared.view();
	}

	/**
	 * Runs a restore and waits for it.
	 * @param appId the app
	 * @param snapshotId the snapshot
	 * @param sourceIds the sources, or empty for all
	 * @param confirm must equal the app id
	 * @param actor who asks
	 * @return the finished run
	 */
	public RestoreRunView runAndWait(String appId, long snapshotId, List<String> sourceIds, String confirm, Actor actor) {
		return execute(prepare(appId, snapshotId, sourceIds, confirm, actor));
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
	 * The recovery report, numbered {@code REC-YYYY-NNN}: the year of the request and the
	 * restore's position among that year's restores.
	 * @param id a restore run id
	 * @return Markdown, in English with the server's zone
	 */
	public String report(long id) {
		return report(id, java.util.Locale.ENGLISH);
	}

	/**
	 * @param id a restore run id
	 * @param locale the reader's language
	 * @return Markdown in that language, times in the server's zone
	 */
	public String report(long id, java.util.Locale locale) {
		return report(id, locale, java.time.ZoneId.systemDefault());
	}

	/**
	 * @param id a restore run id
	 * @param locale the reader's language
	 * @param viewerZone the zone the reader reads times in
	 * @return Markdown in that language; the number is the same for every reader
	 */
	public String report(long id, java.util.Locale locale, java.time.ZoneId viewerZone) {
		RestoreRunView run = run(id).orElseThrow(() -> new RestoreNotFoundException(id));
		java.time.ZoneId zone = java.time.ZoneId.systemDefault();
		int year = run.requestedAt().atZone(zone).getYear();
		java.time.Instant yearStart = java.time.LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
		long ordinal = this.runs.countByRequestedAtGreaterThanEqualAndIdLessThanEqual(yearStart, id);
		String number = String.format(java.util.Locale.ROOT, "REC-%d-%03d", year, ordinal);
		String safety = null;
		if (run.safetySnapshotId() != null) {
			try {
				safety = this.backups.snapshot(run.safetySnapshotId()).name();
			}
			catch (SnapshotNotFoundException ex) {
				safety = "(pruned)";
			}
		}
		String appName = this.apps.all().containsKey(run.appId()) ? this.apps.get(run.appId()).displayName(run.appId())
				: run.appId();
		return RecoveryReport.render(number, run, appName, safety, viewerZone, locale);
	}

	private Prepared prepare(String appId, long snapshotId, List<String> sourceIds, String confirm, Actor actor) {
		App app = this.apps.get(appId);
		if (confirm == null || !confirm.equals(appId)) {
			throw new RestoreRequestException("confirm", "confirm must be the app id '" + appId + "' typed out");
		}
		SnapshotView snapshot = snapshotOf(appId, snapshotId);
		if (snapshot.status() == SnapshotStatus.CORRUPT) {
			throw new RestoreRequestException("snapshot", "snapshot " + snapshot.name() + " is CORRUPT: " + snapshot.verifyMessage());
		}
		List<Source> sources = select(app, sourceIds);
		String owner = this.leases.acquireOrThrow(appId, "restore", this.settings.lockLease());
		RestoreRun run = this.tx.execute((status) -> this.runs.saveAndFlush(new RestoreRun(appId, snapshot,
				sources.stream().map(Source::id).toList(), actor.name(), this.clock.instant())));
		this.audit.record(actor, "RESTORE_STARTED", appId, AuditOutcome.SUCCESS, Map.of("restoreId", run.getId(),
				"snapshot", snapshot.name(), "sources", String.join(",", sources.stream().map(Source::id).toList())));
		logger.info("Restore {} of {} from {} started by {}", run.getId(), appId, snapshot.name(), actor.name());
		return new Prepared(run.getId(), appId, app, snapshot, sources, owner, actor, run.toView());
	}

	private RestoreRunView execute(Prepared p) {
		List<Staged> staged = new ArrayList<>();
		boolean stopped = false;
		boolean[] started = { false };
		try {
			try {
				step(p, "VERIFY_ARCHIVE", () -> {
					ArchiveVerifier.Verification verification = ArchiveVerifier.verify(p.snapshot().archive(), (n) -> {
					});
					if (!verification.intact()) {
						throw new StepFailure("archive is not intact: " + String.join("; ", verification.problems()));
					}
					for (Source source : p.sources()) {
						boolean present = verification.manifest().sources().stream().anyMatch((s) -> s.id().equals(source.id()));
						if (!present) {
							throw new StepFailure("the snapshot has no source '" + source.id() + "'");
						}
					}
					return verification.entriesChecked() + " entries checked against the manifest";
				});
				renew(p);
				step(p, "SAFETY_SNAPSHOT", () -> {
					if (!this.backups.anySourcePresent(p.appId())) {
						// A spare machine: nothing is there to lose, and rolling back means removing what was put in.
						return "skipped: none of the sources exists yet, so there is nothing to save";
					}
					BackupRunView safety = this.backups.runSafetySnapshot(p.appId(), p.actor());
					if (safety.status() != RunStatus.SUCCEEDED) {
						throw new StepFailure("could not save the current state first: " + safety.error());
					}
					this.tx.executeWithoutResult((s) -> this.runs.findById(p.runId()).orElseThrow().safetySnapshot(safety.snapshotId()));
					return this.backups.snapshot(safety.snapshotId()).name();
				});
				renew(p);
				step(p, "EXTRACT", () -> {
					Map<String, Path> targets = new LinkedHashMap<>();
					Map<String, Staged> databases = new LinkedHashMap<>();
					for (Source source : p.sources()) {
						Staged stage = stage(source, p.runId());
						staged.add(stage);
						targets.put(stage.entryPrefix(), stage.staged());
						if (source.type() == SourceType.SQLITE) {
							databases.put(stage.entryPrefix(), stage);
						}
					}
					// Each restored SQLite file is checked on a second core while the rest is extracted:
					// a damaged copy fails here, before anything live is touched.
					ExecutorService checker = Executors
						.newSingleThreadExecutor(DaemonThreads.named("mamori-restore-check-" + p.runId()));
					List<Future<String>> checks = new ArrayList<>();
					try {
						ArchiveExtractor.extract(p.snapshot().archive(), targets, (prefix) -> {
							Staged stage = databases.get(prefix);
							if (stage != null) {
								checks.add(checker.submit(() -> {
									SqliteSourceWriter.integrityCheck(stage.staged(), stage.source().id());
									return stage.source().id();
								}));
							}
						});
						List<String> checked = new ArrayList<>();
						for (Future<String> check : checks) {
							checked.add(check.get());
						}
						return "extracted beside the targets"
								+ (checked.isEmpty() ? "" : ", integrity_check ok on " + String.join(", ", checked))
								+ "; nothing live touched yet";
					}
					catch (ExecutionException ex) {
						throw new StepFailure(ex.getCause().getMessage());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new StepFailure("interrupted while checking the restored databases");
					}
					finally {
						checker.shutdownNow();
					}
				});
			}
			catch (StepFailure ex) {
				return finish(p, RestoreStatus.FAILED, ex.getMessage(), false);
			}
			try {
				stopped = true;
				command(p, "STOP_SERVICE", (p.app().service() != null) ? p.app().service().stop() : null);
				for (Staged stage : staged) {
					renew(p);
					step(p, "RESTORE_" + stage.source().id(), () -> commit(stage, p));
				}
				step(p, "INTEGRITY_CHECK", () -> integrity(p, staged));
				started[0] = true;
				command(p, "START_SERVICE", (p.app().service() != null) ? p.app().service().start() : null);
				health(p);
			}
			catch (StepFailure ex) {
				return rollback(p, staged, ex.getMessage(), started[0]);
			}
			for (Staged stage : staged) {
				try {
					stage.cleanUp();
				}
				catch (IOException ex) {
					// The restore worked; the previous data only takes space until removed by hand.
					logger.warn("Restore {}: could not remove the previous data {}: {}", p.runId(), stage.old(), ex.getMessage());
				}
			}
			return finish(p, RestoreStatus.SUCCEEDED, null, true);
		}
		catch (RuntimeException ex) {
			logger.error("Restore {} of {} failed unexpectedly", p.runId(), p.appId(), ex);
			return stopped ? rollback(p, staged, "unexpected error: " + ex.getMessage(), started[0])
					: finish(p, RestoreStatus.FAILED, "unexpected error: " + ex.getMessage(), false);
		}
		finally {
			for (Staged stage : staged) {
				stage.discardStaging();
			}
			this.leases.release(p.appId(), p.owner());
		}
	}

	private RestoreRunView rollback(Prepared p, List<Staged> staged, String reason, boolean serviceStarted) {
		try {
			if (serviceStarted) {
				// It runs on the restored data: stop it before that data is swapped out.
				command(p, "STOP_SERVICE", (p.app().service() != null) ? p.app().service().stop() : null);
			}
			step(p, "ROLLBACK", () -> {
				List<String> done = new ArrayList<>();
				for (int i = staged.size() - 1; i >= 0; i--) {
					Staged stage = staged.get(i);
					if (stage.committed()) {
						undo(stage, p);
						done.add(stage.source().id());
					}
				}
				return done.isEmpty() ? "nothing had been replaced" : "put back: " + String.join(", ", done);
			});
			command(p, "START_SERVICE", (p.app().service() != null) ? p.app().service().start() : null);
			health(p);
			return finish(p, RestoreStatus.ROLLED_BACK, reason, false);
		}
		catch (StepFailure | RuntimeException ex) {
			StringBuilder where = new StringBuilder("ROLLBACK FAILED (" + ex.getMessage() + ") after: " + reason
					+ ". Manual intervention required.");
			for (Staged stage : staged) {
				where.append(' ').append(stage.describe());
			}
			where.append(" Safety snapshot: run ").append(p.runId()).append(".");
			logger.error("Restore {} of {}: {}", p.runId(), p.appId(), where);
			return finish(p, RestoreStatus.ROLLBACK_FAILED, where.toString(), false);
		}
	}

	private RestoreRunView finish(Prepared p, RestoreStatus status, String error, boolean healthy) {
		RestoreRunView view = this.tx.execute((s) -> {
			RestoreRun run = this.runs.findById(p.runId()).orElseThrow();
			run.finish(status, error, this.clock.instant(), healthy);
			return run.toView();
		});
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("restoreId", p.runId());
		details.put("status", status.name());
		details.put("rpoSeconds", view.rpo().toSeconds());
		if (view.rto() != null) {
			details.put("rtoSeconds", view.rto().toMillis() / 1000.0);
		}
		if (error != null) {
			details.put("error", (error.length() > 1000) ? error.substring(0, 1000) : error);
		}
		this.audit.record(p.actor(), "RESTORE_" + status.name(), p.appId(),
				(status == RestoreStatus.SUCCEEDED) ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE, details);
		logger.info("Restore {} of {} ended {}{}", p.runId(), p.appId(), status, (error != null) ? ": " + error : "");
		return view;
	}

	private void step(Prepared p, String name, StepBody body) throws StepFailure {
		int position = this.tx.execute((s) -> {
			RestoreRun run = this.runs.findById(p.runId()).orElseThrow();
			run.begin(name, this.clock.instant());
			this.runs.flush();
			return run.toView().steps().size();
		});
		String message;
		try {
			message = body.run();
		}
		catch (StepFailure ex) {
			end(p, position, name, "FAILED", ex.getMessage());
			throw ex;
		}
		catch (IOException | SourceException | SQLException | RuntimeException ex) {
			String text = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			end(p, position, name, "FAILED", text);
			throw new StepFailure(name + " failed: " + text);
		}
		end(p, position, name, (message != null && message.startsWith("skipped:")) ? "SKIPPED" : "SUCCEEDED", message);
	}

	private void end(Prepared p, int position, String name, String outcome, String message) {
		this.tx.executeWithoutResult((s) -> this.runs.findById(p.runId()).orElseThrow()
			.step(position)
			.end(outcome, message, this.clock.instant()));
		this.audit.record(p.actor(), "RESTORE_STEP", p.appId(),
				"FAILED".equals(outcome) ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
				Map.of("restoreId", p.runId(), "step", name, "outcome", outcome));
	}

	private void command(Prepared p, String name, String commandId) throws StepFailure {
		step(p, name, () -> {
			if (commandId == null) {
				return "skipped: no command declared for the app";
			}
			CommandResult result = this.commands.run(commandId);
			if (!result.succeeded()) {
				throw new StepFailure(result.summary() + ": " + result.outputTail().strip());
			}
			return result.summary() + " in " + result.duration().toMillis() + " ms";
		});
	}

	private void health(Prepared p) throws StepFailure {
		step(p, "HEALTH_CHECK", () -> {
			String url = p.app().healthUrl();
			if (url == null || url.isBlank()) {
				return "skipped: no health-url declared for the app";
			}
			String last = "";
			for (int attempt = 1; attempt <= this.properties.healthAttempts(); attempt++) {
				try {
					HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
						.timeout(this.properties.healthTimeout())
						.GET()
						.build(), HttpResponse.BodyHandlers.discarding());
					if (response.statusCode() / 100 == 2) {
						return url + " answered " + response.statusCode() + " on attempt " + attempt;
					}
					last = "HTTP " + response.statusCode();
				}
				catch (IOException ex) {
					last = ex.getClass().getSimpleName() + (ex.getMessage() != null ? ": " + ex.getMessage() : "");
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new StepFailure("interrupted while checking health");
				}
				if (attempt < this.properties.healthAttempts()) {
					sleep(this.properties.healthInterval().toMillis());
				}
			}
			throw new StepFailure(url + " not healthy after " + this.properties.healthAttempts() + " attempts (last: " + last + ")");
		});
	}

	private String integrity(Prepared p, List<Staged> staged) throws StepFailure, SourceException, SQLException {
		Map<String, Manifest.SourceInfo> infos = new LinkedHashMap<>();
		sourceInfos(p.snapshot()).forEach((info) -> infos.put(info.id(), info));
		List<String> results = new ArrayList<>();
		for (Staged stage : staged) {
			Source source = stage.source();
			Map<String, Long> expected = infos.get(source.id()).rowCounts();
			if (source.type() == SourceType.SQLITE) {
				// integrity_check ran on these very bytes at EXTRACT; the rename kept them. What could
				// still differ is a stale -wal beside the live file, so the live file must have none and
				// must answer with the snapshot's row counts.
				if (Files.exists(sibling(source.path(), "-wal"))) {
					throw new StepFailure(source.id() + ": a -wal file appeared beside the restored database");
				}
				Map<String, Long> actual = SqliteSourceWriter.countRows(source.path(), source.id());
				compareRows(source.id(), expected, actual);
				results.add(source.id() + ": integrity_check ok, " + actual.size() + " tables with the snapshot's row counts");
			}
			else if (source.type() == SourceType.POSTGRES) {
				Map<String, Long> actual = PostgresRows.count(source, expected.keySet());
				compareRows(source.id(), expected, actual);
				results.add(source.id() + ": " + actual.size() + " tables with the snapshot's row counts");
			}
			else {
				results.add(source.id() + ": every file matched its SHA-256 at VERIFY_ARCHIVE");
			}
		}
		return String.join("; ", results);
	}

	private static void compareRows(String id, Map<String, Long> expected, Map<String, Long> actual) throws StepFailure {
		if (expected != null && !expected.equals(actual)) {
			throw new StepFailure(id + ": row counts " + actual + " differ from the snapshot's " + expected);
		}
	}

	private Staged stage(Source source, long runId) throws IOException {
		String suffix = ".mamori-restore-" + runId;
		String old = ".mamori-old-" + runId;
		return switch (source.type()) {
			case SQLITE -> new Staged(source, "db/" + source.id() + ".sqlite", sibling(source.path(), suffix),
					sibling(source.path(), old));
			case FILE -> new Staged(source, "config/" + source.id() + "/" + source.path().getFileName(),
					sibling(source.path(), suffix), sibling(source.path(), old));
			case DIRECTORY -> new Staged(source, "files/" + source.id() + "/",
					source.path().resolveSibling("." + source.path().getFileName() + suffix),
					source.path().resolveSibling("." + source.path().getFileName() + old));
			case POSTGRES -> {
				Files.createDirectories(this.settings.workDir());
				yield new Staged(source, "db/" + source.id() + ".pgdump",
						this.settings.workDir().resolve("restore-" + runId + "-" + source.id() + ".pgdump"), null);
			}
		};
	}

	private String commit(Staged stage, Prepared p) throws IOException, StepFailure {
		Source source = stage.source();
		Path target = source.path();
		switch (source.type()) {
			case SQLITE -> {
				moveIfExists(target, stage.old());
				moveIfExists(sibling(target, "-wal"), sibling(stage.old(), "-wal"));
				moveIfExists(sibling(target, "-shm"), sibling(stage.old(), "-shm"));
				stage.markCommitted();
				Files.move(stage.staged(), target, StandardCopyOption.ATOMIC_MOVE);
				return "replaced " + target + " (stale -wal/-shm removed)";
			}
			case FILE, DIRECTORY -> {
				moveIfExists(target, stage.old());
				stage.markCommitted();
				Files.move(stage.staged(), target, StandardCopyOption.ATOMIC_MOVE);
				return "replaced " + target;
			}
			case POSTGRES -> {
				// One transaction: a failed pg_restore changed nothing, so only a success needs undoing.
				pgRestore(source, stage.staged());
				stage.markCommitted();
				return "pg_restore --clean --single-transaction into " + PostgresLocation.parse(source.url()).display();
			}
		}
		throw new IllegalStateException(source.type().name());
	}

	private void undo(Staged stage, Prepared p) throws IOException, StepFailure {
		Source source = stage.source();
		Path target = source.path();
		if (source.type() == SourceType.POSTGRES) {
			// The database is put back from the safety snapshot taken before the stop.
			long safetyId = this.runs.findById(p.runId()).orElseThrow().toView().safetySnapshotId();
			Path dump = this.settings.workDir().resolve("rollback-" + p.runId() + "-" + source.id() + ".pgdump");
			try {
				ArchiveExtractor.extract(this.backups.snapshot(safetyId).archive(), Map.of(stage.entryPrefix(), dump));
				pgRestore(source, dump);
			}
			finally {
				Files.deleteIfExists(dump);
			}
			return;
		}
		deleteTree(target);
		if (source.type() == SourceType.SQLITE) {
			Files.deleteIfExists(sibling(target, "-wal"));
			Files.deleteIfExists(sibling(target, "-shm"));
			moveIfExists(sibling(stage.old(), "-wal"), sibling(target, "-wal"));
			moveIfExists(sibling(stage.old(), "-shm"), sibling(target, "-shm"));
		}
		moveIfExists(stage.old(), target);
	}

	private void pgRestore(Source source, Path dump) throws IOException, StepFailure {
		PostgresLocation location = PostgresLocation.parse(source.url());
		List<String> argv = List.of(this.settings.pgRestore(), "--clean", "--if-exists", "--single-transaction",
				"--no-owner", "--exit-on-error", "--no-password", "--host=" + location.host(), "--port=" + location.port(),
				"--username=" + ((source.username() != null) ? source.username() : System.getProperty("user.name")),
				"--dbname=" + location.database(), dump.toString());
		ToolProcess.Result result = ToolProcess.run(argv,
				(source.password() != null) ? Map.of("PGPASSWORD", source.password()) : Map.of(), 6 * 3600);
		if (result.exitCode() != 0) {
			throw new StepFailure("pg_restore failed (exit " + result.exitCode() + "), the database is unchanged: "
					+ result.output());
		}
	}

	private void renew(Prepared p) {
		this.leases.renew(p.appId(), p.owner(), this.settings.lockLease());
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

	private static List<Manifest.SourceInfo> sourceInfos(SnapshotView snapshot) {
		return snapshot.sources();
	}

	private List<String> argv(String commandId) {
		return (commandId != null) ? this.commands.get(commandId).argv() : List.of();
	}

	private static String target(Source source) {
		return (source.type() == SourceType.POSTGRES) ? PostgresLocation.parse(source.url()).display()
				: source.path().toString();
	}

	private static String action(Source source) {
		return switch (source.type()) {
			case SQLITE -> "replace the database file (stale -wal/-shm removed), then integrity_check";
			case POSTGRES -> "pg_restore --clean --if-exists --single-transaction (all or nothing), then row counts";
			case DIRECTORY -> "extract beside it, then swap the directories by rename";
			case FILE -> "write beside it, then rename over it (mode kept)";
		};
	}

	private static String actionCode(Source source) {
		return switch (source.type()) {
			case SQLITE -> "sqlite-swap";
			case POSTGRES -> "postgres-transaction";
			case DIRECTORY -> "directory-swap";
			case FILE -> "file-swap";
		};
	}

	private static long currentSize(Source source) {
		if (source.type() == SourceType.POSTGRES) {
			return PostgresRows.databaseSize(source);
		}
		Path path = source.path();
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return -1;
		}
		try (Stream<Path> files = Files.walk(path)) {
			return files.filter(Files::isRegularFile).mapToLong((f) -> f.toFile().length()).sum();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static Path sibling(Path path, String suffix) {
		return path.resolveSibling(path.getFileName() + suffix);
	}

	private static void moveIfExists(Path from, Path to) throws IOException {
		if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
	}

	static void deleteTree(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
			try (Stream<Path> walk = Files.walk(path)) {
				for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
		else {
			Files.delete(path);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface StepBody {

		String run() throws StepFailure, IOException, SourceException, SQLException;

	}

	/** A step did not work; its message is what the run records. */
	private static final class StepFailure extends Exception {

		StepFailure(String message) {
			super(message);
		}

	}

	private record Prepared(long runId, String appId, App app, SnapshotView snapshot, List<Source> sources,
			String owner, Actor actor, RestoreRunView view) {
	}

	/** One source on its way in: where it is staged, where the old data waits until success. */
	private static final class Staged {

		private final Source source;

		private final String entryPrefix;

		private final Path staged;

		private final Path old;

		private boolean committed;

		Staged(Source source, String entryPrefix, Path staged, Path old) {
			this.source = source;
			this.entryPrefix = entryPrefix;
			this.staged = staged;
			this.old = old;
		}

		Source source() {
			return this.source;
		}

		String entryPrefix() {
			return this.entryPrefix;
		}

		Path staged() {
			return this.staged;
		}

		Path old() {
			return this.old;
		}

		boolean committed() {
			return this.committed;
		}

		void markCommitted() {
			this.committed = true;
		}

		void cleanUp() throws IOException {
			if (this.old != null) {
				deleteTree(this.old);
				if (this.source.type() == SourceType.SQLITE) {
					Files.deleteIfExists(sibling(this.old, "-wal"));
					Files.deleteIfExists(sibling(this.old, "-shm"));
				}
			}
		}

		void discardStaging() {
			try {
				deleteTree(this.staged);
			}
			catch (IOException ex) {
				logger.warn("Could not remove restore staging {}: {}", this.staged, ex.getMessage());
			}
		}

		String describe() {
			return "[" + this.source.id() + ": live " + target(this.source)
					+ ((this.old != null) ? ", previous data at " + this.old : "") + "]";
		}

	}

	/** Row counts and sizes of a PostgreSQL source, for checks and plans. */
	static final class PostgresRows {

		private PostgresRows() {
		}

		static Map<String, Long> count(Source source, java.util.Set<String> tables) throws SQLException {
			Map<String, Long> counts = new LinkedHashMap<>();
			try (Connection connection = java.sql.DriverManager.getConnection(source.url(), credentials(source));
					Statement statement = connection.createStatement()) {
				for (String table : tables) {
					String[] parts = table.split("\\.", 2);
					try (ResultSet rs = statement.executeQuery("select count(*) from \"" + parts[0].replace("\"", "\"\"")
							+ "\".\"" + parts[1].replace("\"", "\"\"") + "\"")) {
						rs.next();
						counts.put(table, rs.getLong(1));
					}
					catch (SQLException ex) {
						// A table the snapshot had and the database lacks: the counts will differ.
						counts.put(table, -1L);
					}
				}
			}
			return counts;
		}

		static long databaseSize(Source source) {
			try (Connection connection = java.sql.DriverManager.getConnection(source.url(), credentials(source));
					Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("select pg_database_size(current_database())")) {
				rs.next();
				return rs.getLong(1);
			}
			catch (SQLException ex) {
				return -1;
			}
		}

		private static java.util.Properties credentials(Source source) {
			java.util.Properties properties = new java.util.Properties();
			properties.setProperty("user", (source.username() != null) ? source.username() : System.getProperty("user.name"));
			if (source.password() != null) {
				properties.setProperty("password", source.password());
			}
			return properties;
		}

	}

}
