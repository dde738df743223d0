package dev.mamori.backup.drill;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RunStatus;
import dev.mamori.backup.SnapshotView;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.restore.HealthProbe;
import dev.mamori.backup.source.SourceHandlers;
import dev.mamori.core.Actor;
import dev.mamori.support.AppFixture;
import dev.mamori.support.DrillAppCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drills on real snapshots of a real SQLite app: restored into scratch through the restore engine,
 * proven by verification queries and by booting a real second process of the app on the copy, and
 * always cleaned up; live data never touched.
 */
@SpringBootTest(properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class DrillRunnerTests {

	@TempDir
	static Path temp;

	static AppFixture app;

	@Autowired
	BackupService backups;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		app = AppFixture.create(temp.resolve("drl"), 300);
		app.register(registry, "drl", null);
	}

	@Test
	void aDrillRestoresIntoScratchPassesItsQueriesBootsTheAppAndLeavesNothingBehind() throws Exception {
		SnapshotView snapshot = backup();
		Map<String, String> live = fingerprint(app.root.resolve("app"));
		Path pidFile = temp.resolve("boot.pid");
		int port = freePort();

		DrillResult result = runner().run(1, "drl", snapshot.archive(), manifest(snapshot),
				List.of(new DrillQuery("db", "select count(*) from items", DrillQuery.Expect.AT_LEAST, 300),
						new DrillQuery("db", "pragma foreign_key_check", DrillQuery.Expect.NO_ROWS, 0)),
				boot(port, pidFile));

		assertThat(result.succeeded()).as(result.toString()).isTrue();
		assertThat(result.steps()).extracting(DrillResult.Step::name)
			.containsSubsequence("PLAN", "EXTRACT", "SWAP", "CHECK", "QUERIES", "BOOT", "CLEANUP");
		assertThat(result.steps()).extracting(DrillResult.Step::name).doesNotContain("STOP_SERVICE", "START_SERVICE");
		assertThat(result.steps()).filteredOn((s) -> s.name().equals("QUERIES")).singleElement()
			.satisfies((s) -> assertThat(s.message()).contains("2 verification queries passed"));
		assertThat(result.restoreTime()).isPositive();
		assertThat(fingerprint(app.root.resolve("app"))).as("live files: same bytes, same mtimes").isEqualTo(live);
		assertNothingLeft(pidFile);
	}

	@Test
	void aFailingVerificationQueryFailsTheDrillNamingTheQueryAndItsResult() throws Exception {
		SnapshotView snapshot = backup();
		DrillResult result = runner().run(2, "drl", snapshot.archive(), manifest(snapshot),
				List.of(new DrillQuery("db", "select count(*) from items", DrillQuery.Expect.AT_LEAST, 1000)), null);

		assertThat(result.succeeded()).isFalse();
		assertThat(result.error()).isEqualTo("query `select count(*) from items` on db must return at least 1000 but returned 300");
		assertThat(result.steps()).extracting(DrillResult.Step::name, DrillResult.Step::outcome)
			.endsWith(org.assertj.core.groups.Tuple.tuple("QUERIES", "FAILED"), org.assertj.core.groups.Tuple.tuple("CLEANUP", "SUCCEEDED"));
		try (Stream<Path> left = Files.list(temp.resolve("scratch"))) {
			assertThat(left).isEmpty();
		}
	}

	@Test
	void aSnapshotWhoseArchiveIsIntactButWhoseDataTheAppCannotUseFailsAtTheBootStep() throws Exception {
		Path copy = temp.resolve("master.db.keep");
		Files.copy(app.database, copy);
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + app.database);
				Statement statement = connection.createStatement()) {
			statement.execute("drop table items");
		}
		SnapshotView broken;
		try {
			broken = backup();
		}
		finally {
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + app.database);
					Statement statement = connection.createStatement()) {
				statement.execute("create table items (id integer primary key, name text not null, amount integer)");
				statement.execute("attach database '" + copy + "' as keep");
				statement.execute("insert into items select * from keep.items");
			}
		}
		Path pidFile = temp.resolve("boot-broken.pid");
		DrillResult result = runner().run(3, "drl", broken.archive(), manifest(broken), List.of(), boot(freePort(), pidFile));

		assertThat(result.succeeded()).isFalse();
		assertThat(result.steps()).filteredOn((s) -> s.outcome().equals("FAILED")).extracting(DrillResult.Step::name)
			.containsExactly("BOOT");
		assertThat(result.error()).contains("exited with 3").contains("no such table: items");
		assertNothingLeft(pidFile);
	}

	@Test
	void whatACrashedDrillLeftIsSweptAndNothingElse() throws Exception {
		DrillRunner runner = new DrillRunner(new SourceHandlers("pg_dump", "pg_restore"), temp.resolve("sweep/journal"),
				temp.resolve("sweep/scratch"), temp.resolve("sweep/work"), new HealthProbe(1, Duration.ofMillis(100),
						Duration.ofSeconds(1)), Clock.systemUTC());
		Files.createDirectories(temp.resolve("sweep/scratch/drl-drill-9/uploads"));
		Files.writeString(temp.resolve("sweep/scratch/drl-drill-9/uploads/a.jpg"), "restored");
		Files.createDirectories(temp.resolve("sweep/journal"));
		Files.writeString(temp.resolve("sweep/journal/drl-drill_9.journal.json"), "{}");
		Files.writeString(temp.resolve("sweep/journal/drl-drill.lock"), "");

		assertThat(runner.sweep()).isEqualTo(2);
		assertThat(temp.resolve("sweep/scratch")).isEmptyDirectory();
		assertThat(temp.resolve("sweep/journal/drl-drill.lock")).exists();
		assertThat(app.database).as("live data untouched").exists();
	}

	private DrillRunner runner() {
		return new DrillRunner(new SourceHandlers("pg_dump", "pg_restore"), temp.resolve("drill-journal"),
				temp.resolve("scratch"), temp.resolve("work"), new HealthProbe(1, Duration.ofMillis(100), Duration.ofSeconds(2)),
				Clock.systemUTC());
	}

	private SnapshotView backup() {
		BackupRunView run = this.backups.runAndWait("drl", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.SUCCEEDED);
		return this.backups.snapshot(run.snapshotId());
	}

	private static Manifest manifest(SnapshotView snapshot) throws Exception {
		return ArchiveJson.read(Path.of(snapshot.archive() + ".manifest.json"));
	}

	private static DrillBoot boot(int port, Path pidFile) {
		return new DrillBoot(DrillAppCommand.argv(port, pidFile), "http://127.0.0.1:" + port + "/health", Duration.ofSeconds(60));
	}

	private static void assertNothingLeft(Path pidFile) throws Exception {
		try (Stream<Path> left = Files.list(temp.resolve("scratch"))) {
			assertThat(left).as("scratch data removed").isEmpty();
		}
		try (Stream<Path> journal = Files.list(temp.resolve("drill-journal"))) {
			assertThat(journal.filter((p) -> p.toString().endsWith(".journal.json"))).as("journal closed").isEmpty();
		}
		assertThat(pidFile).as("the booted copy ran").exists();
		long pid = Long.parseLong(Files.readString(pidFile).strip());
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the booted copy is stopped").isFalse();
	}

	private static Map<String, String> fingerprint(Path root) throws Exception {
		Map<String, String> prints = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				prints.put(root.relativize(file).toString(), Files.getLastModifiedTime(file).toMillis() + ":"
						+ java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
			}
		}
		return prints;
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
