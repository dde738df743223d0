package dev.mamori.backup.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mamori.backup.source.Source;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.restore.HealthProbe;
import dev.mamori.backup.restore.PreRestoreArchive;
import dev.mamori.backup.restore.RestoreEngine;
import dev.mamori.backup.restore.RestoreJob;
import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.archive.ArchiveKeys;
import dev.mamori.backup.restore.RestoreJournal;
import dev.mamori.backup.restore.RestoreListener;
import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.backup.source.DrillDatabases;
import dev.mamori.backup.source.SourceException;
import dev.mamori.backup.source.SourceHandlers;

/**
 * Runs one drill: the snapshot restored into {@code scratch/APP-drill-ID} by the restore engine (same
 * extraction, integrity checks, row counts against the manifest; no service command, no health check of
 * the live app, nothing live touched, nothing pruned), then the verification queries, then the optional
 * boot of a second copy of the app, and always the removal of the scratch data and of the booted process.
 * A drill interrupted by a crash leaves only its scratch folder and its own journal (not the restore
 * journal): {@link #sweep} removes both.
 */
public final class DrillRunner {

	private final SourceHandlers handlers;

	private final Path journalDir;

	private final Path scratchRoot;

	private final Path workDir;

	private final HealthProbe health;

	private final Clock clock;

	/**
	 * @param handlers the source handlers
	 * @param journalDir the drills' own journal directory
	 * @param scratchRoot where scratch folders are made
	 * @param workDir scratch space for database copies
	 * @param health how the booted copy is asked
	 * @param clock the clock
	 */
	public DrillRunner(SourceHandlers handlers, Path journalDir, Path scratchRoot, Path workDir, HealthProbe health,
			Clock clock) {
		this.handlers = handlers;
		this.journalDir = journalDir;
		this.scratchRoot = scratchRoot;
		this.workDir = workDir;
		this.health = health;
		this.clock = clock;
	}

	/**
	 * @param drillId the drill's id (names the scratch folder)
	 * @param appId the app
	 * @param archive the snapshot's archive
	 * @param expected its sidecar manifest
	 * @param queries verification queries
	 * @param boot the boot of a second copy, or {@code null}
	 * @return how it ended, step by step
	 */
	public DrillResult run(long drillId, String appId, Path archive, Manifest expected, List<DrillQuery> queries,
			DrillBoot boot) {
		return run(drillId, appId, archive, expected, queries, boot, Map.of(), null);
	}

	/**
	 * @param drillId the drill's id (names the scratch folder and scratch databases)
	 * @param appId the app
	 * @param archive the snapshot's archive
	 * @param expected its sidecar manifest
	 * @param queries verification queries
	 * @param boot the boot of a second copy, or {@code null}
	 * @param declared the app's sources as configured, by id (PostgreSQL drills need their connection)
	 * @param maxDuration a drill still running after this fails at its next step, or {@code null}
	 * @return how it ended, step by step; the measured restore time runs from the start until the data is
	 * restored and checked and, when a boot is declared, the copy answers
	 */
	public DrillResult run(long drillId, String appId, Path archive, Manifest expected, List<DrillQuery> queries,
			DrillBoot boot, Map<String, Source> declared, Duration maxDuration) {
		return run(drillId, appId, archive, expected, queries, boot, declared, maxDuration, AgeKeys.NONE);
	}

	/**
	 * As {@link #run(long, String, Path, Manifest, List, DrillBoot, Map, Duration)}, opening an
	 * age-encrypted archive with the keys.
	 * @param drillId the drill's id
	 * @param appId the app
	 * @param archive the snapshot's archive
	 * @param expected its whole manifest (a sealed sidecar opened)
	 * @param queries verification queries
	 * @param boot the boot of a second copy, or {@code null}
	 * @param declared the app's sources as configured, by id
	 * @param maxDuration a drill still running after this fails at its next step, or {@code null}
	 * @param keys what opens an encrypted archive
	 * @return how it ended, step by step
	 */
	public DrillResult run(long drillId, String appId, Path archive, Manifest expected, List<DrillQuery> queries,
			DrillBoot boot, Map<String, Source> declared, Duration maxDuration, AgeKeys keys) {
		Path scratch = scratch(appId, drillId);
		List<DrillResult.Step> steps = new ArrayList<>();
		String error = null;
		Duration restoreTime = null;
		Map<String, Source> restored = new LinkedHashMap<>();
		Instant start = this.clock.instant();
		Instant deadline = (maxDuration != null) ? start.plus(maxDuration) : Instant.MAX;
		try {
			error = restore(drillId, appId, archive, expected, scratch, declared, restored, steps, keys);
			if (error == null) {
				error = step(steps, "CONSTRAINTS", () -> {
					inTime(deadline, maxDuration);
					return constraints(restored);
				});
			}
			if (error == null) {
				error = step(steps, "QUERIES", () -> {
					inTime(deadline, maxDuration);
					return queries(queries, restored);
				});
			}
			if (error == null) {
				error = step(steps, "BOOT", () -> {
					inTime(deadline, maxDuration);
					return boot(boot, scratch, restored, deadline);
				});
			}
			if (error == null) {
				restoreTime = Duration.between(start, this.clock.instant());
			}
		}
		finally {
			String cleanup = step(steps, "CLEANUP", () -> cleanup(scratch, restored));
			error = (error != null) ? error : cleanup;
		}
		return new DrillResult(error == null, List.copyOf(steps), restoreTime, error);
	}

	private void inTime(Instant deadline, Duration maxDuration) throws Failure {
		if (this.clock.instant().isAfter(deadline)) {
			throw new Failure("the drill ran longer than its max-duration of " + maxDuration.toSeconds() + " s");
		}
	}

	private String cleanup(Path scratch, Map<String, Source> restored) throws IOException {
		List<String> done = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		for (Source source : restored.values()) {
			try {
				String dropped = DrillDatabases.drop(source);
				if (dropped != null) {
					done.add(dropped);
				}
			}
			catch (SourceException ex) {
				failed.add(ex.getMessage());
			}
		}
		deleteTree(scratch);
		done.add("scratch data " + scratch + " removed");
		if (!failed.isEmpty()) {
			throw new IOException(String.join("; ", failed));
		}
		return String.join("; ", done);
	}

	private static String constraints(Map<String, Source> restored) throws Failure {
		List<String> checked = new ArrayList<>();
		for (Source source : restored.values()) {
			try {
				String message = DrillDatabases.checkConstraints(source);
				if (message != null) {
					checked.add(message);
				}
			}
			catch (SourceException ex) {
				throw new Failure(ex.getMessage());
			}
		}
		return checked.isEmpty() ? "skipped: no database in the snapshot" : String.join("; ", checked);
	}

	/**
	 * After a crash: removes what drills left (their scratch folders, their journal); the restore engine's
	 * recovery is not needed since nothing live was touched.
	 * @return how many leftovers were removed
	 */
	public int sweep() throws IOException {
		return sweep(List.of());
	}

	/**
	 * After a crash: removes what drills left, their scratch databases included.
	 * @param declared the declared sources whose servers may hold a drill's scratch database
	 * @return how many leftovers were removed
	 */
	public int sweep(java.util.Collection<Source> declared) throws IOException {
		int removed = 0;
		for (Source source : declared) {
			removed += DrillDatabases.sweep(source);
		}
		for (Path dir : List.of(this.scratchRoot, this.journalDir)) {
			if (!Files.isDirectory(dir)) {
				continue;
			}
			try (Stream<Path> children = Files.list(dir)) {
				for (Path child : children.toList()) {
					if (dir.equals(this.journalDir) && child.getFileName().toString().endsWith(".lock")) {
						continue;
					}
					if (dir.equals(this.journalDir) && child.getFileName().toString().matches("boot-.*\\.pid")) {
						stopLeftover(child);
					}
					deleteTree(child);
					removed++;
				}
			}
		}
		return removed;
	}

	Path scratch(String appId, long drillId) {
		return this.scratchRoot.resolve(appId + "-drill-" + drillId);
	}

	private String restore(long drillId, String appId, Path archive, Manifest expected, Path scratch,
			Map<String, Source> declared, Map<String, Source> restored, List<DrillResult.Step> steps, AgeKeys keys) {
		List<RestoreJob.Part> parts = new ArrayList<>();
		try {
			if (Files.exists(scratch)) {
				throw new IOException("the scratch folder " + scratch + " already exists");
			}
			Files.createDirectories(scratch);
			for (Manifest.SourceInfo info : expected.sources()) {
				Source source = DrillDatabases.target(info, scratch, declared.get(info.id()), drillId);
				parts.add(new RestoreJob.Part(source, this.handlers.of(source), info));
				restored.put(info.id(), source);
			}
		}
		catch (IOException | SourceException | RuntimeException ex) {
			steps.add(new DrillResult.Step("RESTORE", "FAILED", ex.getMessage(), Duration.ZERO));
			return ex.getMessage();
		}
		RestoreEngine engine = new RestoreEngine(new RestoreJournal(this.journalDir), (command) -> {
			throw new IllegalStateException("a drill runs no service command");
		}, this.health, this.clock);
		RestoreJob job = new RestoreJob(drillId, appId + "-drill", archive, expected, parts, null, null, null, this.workDir,
				null, 1, null, new ArchiveKeys(List.of(), keys));
		Map<String, Instant> started = new LinkedHashMap<>();
		RestoreEngine.Result result = engine.run(job, new RestoreListener() {

			@Override
			public void stepStarted(String name) {
				started.put(name, DrillRunner.this.clock.instant());
			}

			@Override
			public void stepEnded(String name, String outcome, String message) {
				Instant from = started.getOrDefault(name, DrillRunner.this.clock.instant());
				if (!message.startsWith("skipped: no command") && !"HEALTH_CHECK".equals(name)) {
					steps.add(new DrillResult.Step(name, outcome, message, Duration.between(from, DrillRunner.this.clock.instant())));
				}
			}

		});
		if (result.status() != RestoreStatus.SUCCEEDED) {
			return "the snapshot did not restore: " + result.error();
		}
		try {
			engine.finish(job, new PreRestoreArchive(this.workDir, "drill"));
		}
		catch (IOException | SourceException ex) {
			return "the restore's journal could not be closed: " + ex.getMessage();
		}
		return null;
	}

	private String queries(List<DrillQuery> queries, Map<String, Source> restored) throws Failure {
		if (queries.isEmpty()) {
			return "skipped: no verification query declared";
		}
		List<String> passed = new ArrayList<>();
		for (DrillQuery query : queries) {
			Source database = restored.get(query.source());
			if (database == null) {
				throw new Failure("query on source '" + query.source() + "': the snapshot has no such source");
			}
			try (Connection connection = DrillDatabases.open(database); Statement statement = connection.createStatement()) {
				statement.setQueryTimeout(60);
				String outcome = evaluate(query, statement);
				if (outcome != null) {
					throw new Failure("query `" + query.sql() + "` on " + query.source() + " must " + query.condition()
							+ " but " + outcome);
				}
				passed.add("`" + query.sql() + "` on " + query.source() + " must " + query.condition() + ": it did");
			}
			catch (SQLException ex) {
				throw new Failure("query `" + query.sql() + "` on " + query.source() + " failed: " + ex.getMessage());
			}
		}
		return passed.size() + " verification queries passed: " + String.join("; ", passed);
	}

	private static String evaluate(DrillQuery query, Statement statement) throws SQLException {
		try (ResultSet rows = statement.executeQuery(query.sql())) {
			boolean any = rows.next();
			return switch (query.expect()) {
				case NO_ROWS -> any ? "returned rows, the first: " + row(rows) : null;
				case SOME_ROWS -> any ? null : "returned no rows";
				case AT_LEAST -> {
					if (!any) {
						yield "returned no rows";
					}
					long value = rows.getLong(1);
					yield (rows.wasNull() || value < query.value()) ? "returned " + rows.getString(1) : null;
				}
			};
		}
	}

	private static String row(ResultSet rows) throws SQLException {
		List<String> values = new ArrayList<>();
		for (int i = 1; i <= Math.min(rows.getMetaData().getColumnCount(), 8); i++) {
			values.add(String.valueOf(rows.getString(i)));
		}
		return "(" + String.join(", ", values) + ")";
	}

	private String boot(DrillBoot boot, Path scratch, Map<String, Source> restored, Instant drillDeadline)
			throws Failure, IOException {
		if (boot == null) {
			return "skipped: no boot command declared";
		}
		Files.createDirectories(this.workDir);
		Path log = Files.createTempFile(this.workDir, "drill-boot-", ".log");
		ProcessBuilder builder = new ProcessBuilder(boot.argv()).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("MAMORI_DRILL_DIR", scratch.toString());
		restored.forEach((id, source) -> builder.environment()
			.put("MAMORI_DRILL_" + id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), source.location()));
		Process process = builder.start();
		Path pidFile = this.journalDir.resolve("boot-" + scratch.getFileName() + ".pid");
		try {
			// So that a crash of Mamori while the copy runs does not leave it running: the next start stops it.
			Files.createDirectories(this.journalDir);
			Files.writeString(pidFile, process.pid() + "\n" + process.info().startInstant().map(Instant::toString).orElse(""));
			pause("BOOT");
			Instant booted = this.clock.instant().plus(boot.timeout());
			Instant deadline = booted.isBefore(drillDeadline) ? booted : drillDeadline;
			String problem = "not asked yet";
			while (this.clock.instant().isBefore(deadline)) {
				if (!process.isAlive()) {
					throw new Failure("the app's copy exited with " + process.exitValue() + " before " + boot.healthUrl()
							+ " answered: " + tail(log));
				}
				problem = this.health.problem(boot.healthUrl(), 1);
				if (problem == null) {
					return "a copy of the app started on the scratch data and " + boot.healthUrl() + " answered";
				}
				Thread.sleep(200);
			}
			throw new Failure("the app's copy did not answer at " + boot.healthUrl() + " within " + boot.timeout().toSeconds()
					+ " s (" + problem + "): " + tail(log));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Failure("interrupted while waiting for the app's copy");
		}
		finally {
			stop(process);
			Files.deleteIfExists(log);
			Files.deleteIfExists(pidFile);
		}
	}

	/** A copy of the app booted by a drill that a crash interrupted: stopped, if it is still that process. */
	private static void stopLeftover(Path pidFile) {
		try {
			String[] lines = Files.readString(pidFile).split("\n", -1);
			long pid = Long.parseLong(lines[0].strip());
			String started = (lines.length > 1) ? lines[1].strip() : "";
			ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter((p) -> started.isEmpty() || p.info().startInstant().map(Instant::toString).orElse("").equals(started))
				.ifPresent((p) -> {
					List<ProcessHandle> children = p.descendants().toList();
					p.destroyForcibly();
					children.forEach(ProcessHandle::destroyForcibly);
				});
		}
		catch (IOException | NumberFormatException ex) {
			// Unreadable: nothing to stop.
		}
	}

	/**
	 * A fault-injection point for the crash tests, like the restore engine's: with the system property
	 * {@code dev.mamori.restore.pause-at} equal to the point's name, a marker file is written into the
	 * drills' journal directory and the drill waits there.
	 */
	private void pause(String point) {
		if (!point.equals(System.getProperty("dev.mamori.restore.pause-at"))) {
			return;
		}
		try {
			Files.writeString(this.journalDir.resolve("paused-at-" + point), point);
			Thread.sleep(120_000);
		}
		catch (IOException ex) {
			// No marker, no pause.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void stop(Process process) {
		List<ProcessHandle> children = process.descendants().toList();
		process.destroy();
		children.forEach(ProcessHandle::destroy);
		try {
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				process.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
		children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	private static String tail(Path log) {
		try {
			String text = Files.readString(log, StandardCharsets.UTF_8).strip();
			return text.isEmpty() ? "no output" : text.substring(Math.max(0, text.length() - 500));
		}
		catch (IOException ex) {
			return "no output";
		}
	}

	private String step(List<DrillResult.Step> steps, String name, Action action) {
		Instant from = this.clock.instant();
		try {
			String message = action.run();
			steps.add(new DrillResult.Step(name, message.startsWith("skipped") ? "SKIPPED" : "SUCCEEDED", message,
					Duration.between(from, this.clock.instant())));
			return null;
		}
		catch (Failure | IOException | RuntimeException ex) {
			String message = (ex.getMessage() != null) ? ex.getMessage() : ex.toString();
			steps.add(new DrillResult.Step(name, "FAILED", message, Duration.between(from, this.clock.instant())));
			return message;
		}
	}

	private static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		List<Path> paths;
		try (Stream<Path> walk = Files.walk(dir)) {
			paths = walk.sorted(Comparator.reverseOrder()).toList();
		}
		for (Path path : paths) {
			Files.deleteIfExists(path);
		}
	}

	@FunctionalInterface
	private interface Action {

		String run() throws Failure, IOException;

	}

	/** A step's failure, with the message the report shows. */
	static final class Failure extends Exception {

		Failure(String message) {
			super(message);
		}

	}

}
