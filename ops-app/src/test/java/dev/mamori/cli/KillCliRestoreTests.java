package dev.mamori.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mamori.MamoriApplication;
import dev.mamori.support.AppData;
import dev.mamori.support.MamoriProcess;
import dev.mamori.support.RunningApp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's {@code restore} (child JVM, plain Java) killed with SIGKILL at the restore's
 * fault-injection points ({@code -Ddev.mamori.restore.pause-at}), then the next command run on the
 * same configuration ({@code restore --dry-run}, whose recovery runs first): every source is wholly
 * what it was before the restore, the app runs and is healthy, nothing of the restore is left beside
 * the sources, in the work directory or in the journal, and the drive lost nothing. One test hands
 * the CLI's interrupted restore to the server instead: both share the journal under the data dir.
 */
class KillCliRestoreTests {

	private static final Duration READY = Duration.ofSeconds(120);

	private static final String RECOVERED = "an interrupted restore of ecm was recovered: ";

	@TempDir
	Path temp;

	private RunningApp app;

	private Path dataDir;

	private Path home;

	private Path cwd;

	private final List<Process> children = new ArrayList<>();

	private final List<MamoriProcess> servers = new ArrayList<>();

	private final long began = System.nanoTime();

	private void progress(String what) {
		System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - this.began) / 1e9, what);
	}

	@BeforeEach
	void dirs() throws IOException {
		// A bare home and working directory: the CLI's default journal (~/.mamori) and ./mamori.yml are the test's.
		this.home = Files.createDirectories(this.temp.resolve("home"));
		this.cwd = Files.createDirectories(this.temp.resolve("cwd"));
	}

	@AfterEach
	void stopEverything() throws InterruptedException {
		for (Process child : this.children) {
			if (child.isAlive()) {
				child.destroyForcibly();
				child.waitFor(30, TimeUnit.SECONDS);
			}
		}
		for (MamoriProcess server : this.servers) {
			server.close();
		}
		if (this.app != null) {
			this.app.stop();
		}
	}

	/** "Staging": the snapshot is extracted and checked beside the targets; nothing live touched. */
	@Test
	void killDuringStagingLeavesTheLiveDataAndTheRunningAppAlone() throws Exception {
		Crash crash = crashAt("STOP_SERVICE");
		assertThat(AppData.sideFiles(this.app)).as("staged copies exist").anyMatch((n) -> n.contains(".mamori-staged-"));
		assertThat(AppData.sideFiles(this.app)).noneMatch((n) -> n.contains(".mamori-aside-"));
		assertThat(AppData.State.of(this.app)).isEqualTo(crash.before());
		assertThat(this.app.health()).as("not stopped yet").isEqualTo(200);
		long appPid = this.app.pid();

		Run next = nextCommand(crash);

		assertRecovered(next, crash, "FAILED");
		assertThat(this.app.pid()).as("the app was never stopped, so it was not restarted").isEqualTo(appPid);
	}

	/** After STOP_SERVICE: the service is stopped, nothing swapped yet. */
	@Test
	void killRightAfterTheStopStartsTheAppAgainOnItsOwnData() throws Exception {
		Crash crash = crashAt("SWAP:0");
		assertThat(this.app.health()).as("the restore had stopped the app").isEqualTo(-1);
		assertThat(AppData.sideFiles(this.app)).anyMatch((n) -> n.contains(".mamori-staged-"));
		assertThat(AppData.State.of(this.app)).isEqualTo(crash.before());

		Run next = nextCommand(crash);

		assertRecovered(next, crash, "ROLLED_BACK");
	}

	/** In the middle of the swap: db swapped, uploads and env not. */
	@Test
	void killBetweenTwoSourcesOfTheSwapPutsTheSwappedOneBack() throws Exception {
		Crash crash = crashAt("SWAP:1");
		assertTornBetweenTwoSources(crash);

		Run next = nextCommand(crash);

		assertRecovered(next, crash, "ROLLED_BACK");
	}

	/** Everything swapped and checked, the app not started yet: still undone. */
	@Test
	void killAfterTheWholeSwapBeforeTheStartUndoesEverySource() throws Exception {
		Crash crash = crashAt("START_SERVICE");
		assertThat(AppData.State.of(this.app)).as("all three swapped in").isEqualTo(crash.snapshot());
		assertThat(this.app.health()).isEqualTo(-1);

		Run next = nextCommand(crash);

		assertRecovered(next, crash, "ROLLED_BACK");
	}

	/** During the rollback after a failed health check: env and uploads already back, db not yet. */
	@Test
	void killDuringTheRollbackFinishesTheRollback() throws Exception {
		this.app = RunningApp.create(this.temp.resolve("ecm"), 300);
		this.app.startAndWait();
		this.dataDir = this.temp.resolve("state");
		Path config = config(Map.of("restore.health-attempts", "2", "restore.health-interval", "200ms"));
		// A snapshot of a broken state: no items, so the app answers 500 after a restore of it.
		AppData.sql(this.app, "delete from items");
		AppData.State brokenState = AppData.State.of(this.app);
		backup(config);
		// Fixed by hand afterwards: this is the data the restore must not lose.
		AppData.sql(this.app, "insert into items (name, amount) values ('fixed by hand', 1), ('fixed again', 2)");
		Files.writeString(this.app.files.uploads.resolve("readme.txt"), "uploads, fixed\n");
		Files.write(this.app.files.uploads.resolve("photos/new.jpg"), AppData.randomBytes(30_000, 3));
		Files.writeString(this.app.files.env, "DATABASE=master.db\nSECRET_KEY=fixed\n");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.app.health() == 200);
		Crash crash = restoreAndKill(config, "ROLLBACK:0", AppData.State.of(this.app), brokenState);
		AppData.State torn = AppData.State.of(this.app);
		assertThat(torn.uploads()).isEqualTo(crash.before().uploads());
		assertThat(torn.env()).isEqualTo(crash.before().env());
		assertThat(torn.db()).as("db not put back yet").isEqualTo(brokenState.db());
		assertThat(AppData.sideFiles(this.app)).anyMatch((n) -> n.startsWith(".master.db.mamori-aside-"));
		assertThat(this.app.health()).as("stopped for the rollback").isEqualTo(-1);

		Run next = nextCommand(crash);

		assertRecovered(next, crash, "ROLLED_BACK");
		assertThat(this.app.files.rows()).isEqualTo(2);
	}

	/**
	 * The CLI killed between two sources of the swap, then the server started on the same data
	 * directory (not another CLI command): the server's startup recovery reads the CLI's journal and
	 * puts everything back.
	 */
	@Test
	void killOfTheCliBetweenTwoSourcesIsUndoneByTheServersStartup() throws Exception {
		Crash crash = crashAt("SWAP:1");
		assertTornBetweenTwoSources(crash);

		progress("starting the server on the CLI's data dir");
		MamoriProcess server = MamoriProcess.start(this.temp, config(Map.of()), null);
		this.servers.add(server);
		server.awaitReady(READY);
		progress("server ready");

		String log = server.tail(200);
		assertThat(AppData.State.of(this.app)).as("every source wholly as before the restore\n" + log).isEqualTo(crash.before());
		assertThat(this.app.health()).as("the app runs and is healthy\n" + log).isEqualTo(200);
		assertNoLeftovers(log);
		assertDriveIntact(crash);
		assertThat(log).as("the server says it recovered the CLI's restore")
			.contains("of ecm recovered: ROLLED_BACK")
			.contains("the previous data was put back; the app was started again; healthy");
	}

	// --- the crash and the checks after it ---

	private Crash crashAt(String point) throws Exception {
		this.app = RunningApp.create(this.temp.resolve("ecm"), 300);
		this.app.startAndWait();
		this.dataDir = this.temp.resolve("state");
		Path config = config(Map.of());
		backup(config);
		AppData.State snapshot = AppData.State.of(this.app);
		AppData.changeLiveData(this.app);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.app.health() == 200);
		AppData.State before = AppData.State.of(this.app);
		assertThat(before).as("old and new differ").isNotEqualTo(snapshot);
		return restoreAndKill(config, point, before, snapshot);
	}

	private Crash restoreAndKill(Path config, String point, AppData.State before, AppData.State snapshot) throws Exception {
		List<Path> archives = AppData.archives(this.app);
		assertThat(archives).as("one archive of the app on the drive").hasSize(1);
		Path archive = archives.get(0);
		String archiveSha = AppData.sha256(Files.readAllBytes(archive));
		Path log = this.temp.resolve("restore-" + point.replace(':', '-') + ".log");
		Process restore = start(log, "-Ddev.mamori.restore.pause-at=" + point, "restore", "--dir",
				this.app.files.destination.toString(), "--app", "ecm", "--latest", "--config", config.toString(), "--yes");
		Path marker = this.dataDir.resolve("restore-journal/paused-at-" + point.replace(':', '-'));
		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
			if (Files.exists(marker)) {
				return true;
			}
			if (!restore.isAlive()) {
				throw new AssertionError("the CLI restore ended (exit " + restore.exitValue() + ") before " + point + ":\n"
						+ Files.readString(log));
			}
			return false;
		});
		progress("CLI paused at " + point);
		restore.destroyForcibly();
		assertThat(restore.waitFor(30, TimeUnit.SECONDS)).as("the CLI died of SIGKILL").isTrue();
		assertThat(restore.exitValue()).as("killed by SIGKILL").isEqualTo(137);
		progress("CLI killed");
		try (Stream<Path> files = Files.list(this.dataDir.resolve("restore-journal"))) {
			assertThat(files.map((f) -> f.getFileName().toString()).toList()).as("the kill left a journal")
				.anyMatch((n) -> n.endsWith(".journal.json"));
		}
		return new Crash(config, before, snapshot, archive, archiveSha, archives.size());
	}

	private void assertTornBetweenTwoSources(Crash crash) throws Exception {
		AppData.State torn = AppData.State.of(this.app);
		assertThat(torn.db()).as("db swapped in").isEqualTo(crash.snapshot().db());
		assertThat(torn.uploads()).as("uploads not swapped yet").isEqualTo(crash.before().uploads());
		assertThat(torn.env()).as(".env not swapped yet").isEqualTo(crash.before().env());
		assertThat(AppData.sideFiles(this.app)).anyMatch((n) -> n.startsWith(".master.db.mamori-aside-"))
			.anyMatch((n) -> n.startsWith(".uploads.mamori-staged-"));
		assertThat(this.app.health()).as("stopped for the swap").isEqualTo(-1);
	}

	/** The next CLI command on the same configuration: a dry run of the same restore. */
	private Run nextCommand(Crash crash) throws Exception {
		progress("next command: restore --dry-run");
		Run run = mamori("restore", "--dir", this.app.files.destination.toString(), "--app", "ecm", "--latest", "--config",
				crash.config().toString(), "--dry-run");
		progress("next command done (exit " + run.exit() + "): "
				+ run.output().lines().filter((l) -> l.contains(RECOVERED)).findFirst().orElse("(no recovery line)"));
		assertThat(run.exit()).as(run.output()).isZero();
		assertThat(run.output()).contains("Dry run: nothing was changed.");
		return run;
	}

	private void assertRecovered(Run next, Crash crash, String status) throws Exception {
		String log = "--- output of the next command ---\n" + next.output();
		assertThat(next.output()).as("the next command recovered the interrupted restore first")
			.contains(RECOVERED + status);
		if (!status.equals("FAILED")) {
			assertThat(next.output()).as("the recovery put the data back and started the app")
				.contains("the previous data was put back; the app was started again; healthy");
		}
		assertThat(next.output().indexOf(RECOVERED)).as("recovered before the plan was printed\n" + log)
			.isLessThan(next.output().indexOf("Restore of ecm from"));
		assertThat(AppData.State.of(this.app)).as("every source wholly as before the restore\n" + log).isEqualTo(crash.before());
		assertThat(this.app.health()).as("the app runs and is healthy\n" + log).isEqualTo(200);
		assertNoLeftovers(log);
		assertDriveIntact(crash);
	}

	private void assertDriveIntact(Crash crash) throws IOException {
		assertThat(AppData.sha256(Files.readAllBytes(crash.archive()))).as("archive on the drive untouched").isEqualTo(crash.archiveSha());
		assertThat(AppData.archives(this.app).size()).as("no archive removed from the drive").isGreaterThanOrEqualTo(crash.archiveCount());
	}

	private void assertNoLeftovers(String log) throws IOException {
		assertThat(AppData.sideFiles(this.app)).as("nothing of the restore beside the sources\n" + log).noneMatch((n) -> n.contains(".mamori-"));
		Path work = this.dataDir.resolve("work");
		if (Files.isDirectory(work)) {
			try (Stream<Path> files = Files.walk(work)) {
				assertThat(files.filter(Files::isRegularFile).toList()).as("work dir empty\n" + log).isEmpty();
			}
		}
		try (Stream<Path> files = Files.list(this.dataDir.resolve("restore-journal"))) {
			assertThat(files.map((f) -> f.getFileName().toString()).toList()).as("journal done\n" + log)
				.noneMatch((n) -> n.endsWith(".journal.json") || n.endsWith(".tmp"));
		}
		try (Stream<Path> files = Files.list(this.app.files.destination)) {
			assertThat(files.map((f) -> f.getFileName().toString()).toList()).noneMatch((n) -> n.endsWith(".partial"));
		}
		Path defaultJournal = this.home.resolve(".mamori/restore-journal");
		if (Files.isDirectory(defaultJournal)) {
			try (Stream<Path> files = Files.list(defaultJournal)) {
				assertThat(files.toList()).as("nothing journaled in the default (home) journal").isEmpty();
			}
		}
	}

	// --- the command line in a child JVM ---

	private Path config(Map<String, String> extra) throws IOException {
		Map<String, String> all = new TreeMap<>(Map.of("restore.health-attempts", "40", "restore.health-interval", "250ms"));
		all.putAll(extra);
		Path config = this.temp.resolve("mamori-" + System.nanoTime() + ".yml");
		Files.writeString(config, MamoriProcess.yaml(this.app, "ecm", this.dataDir, all), StandardCharsets.UTF_8);
		return config;
	}

	/** {@code backup --app ecm --config yml}: a genuine archive on the drive, made by the CLI. */
	private void backup(Path config) throws Exception {
		progress("CLI backup");
		Run run = mamori("backup", "--app", "ecm", "--config", config.toString());
		assertThat(run.exit()).as(run.output()).isZero();
		assertThat(run.output()).contains("OK: ");
		progress("CLI backup done");
	}

	/** Runs a command to its end. */
	private Run mamori(String... args) throws Exception {
		Path log = this.temp.resolve("cli-" + System.nanoTime() + ".log");
		Process process = start(log, null, args);
		boolean ended = process.waitFor(240, TimeUnit.SECONDS);
		String output = Files.readString(log);
		assertThat(ended).as("the command finished\n" + output).isTrue();
		return new Run(process.exitValue(), output);
	}

	/** Mamori's main class in a fresh JVM on the test class path, output (both streams) into the log. */
	private Process start(Path log, String property, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-Duser.home=" + this.home));
		if (property != null) {
			command.add(property);
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), MamoriApplication.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.cwd.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("HOME", this.home.toString());
		builder.environment().remove("MAMORI_DATA_DIR");
		Process process = builder.start();
		this.children.add(process);
		return process;
	}

	/**
	 * @param config the mamori.yml of the killed restore
	 * @param before the live data before the restore
	 * @param snapshot the data in the archive restored
	 * @param archive that archive
	 * @param archiveSha its SHA-256 before the restore
	 * @param archiveCount archives on the drive before the restore
	 */
	record Crash(Path config, AppData.State before, AppData.State snapshot, Path archive, String archiveSha, int archiveCount) {
	}

	private record Run(int exit, String output) {
	}

}
