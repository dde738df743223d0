package dev.mamori.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.github.luben.zstd.ZstdOutputStream;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Checksums;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.RunningApp;
import dev.mamori.support.Shell;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restores of a real running app (a separate process serving /health from its SQLite database,
 * uploads and .env), stopped and started through declared commands.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mamori.scheduling.enabled=false", "mamori.restore.health-attempts=40",
				"mamori.restore.health-interval=250ms" })
@ActiveProfiles("test")
class RestoreTests {

	@TempDir
	static Path temp;

	static RunningApp app;

	@LocalServerPort
	int port;

	@Autowired
	BackupService backups;

	@Autowired
	RestoreService restores;

	@Autowired
	UserService users;

	static dev.mamori.support.AppFixture unstartable;

	@Autowired
	AppLeases leases;

	@Autowired
	dev.mamori.core.audit.AuditLog audit;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) throws IOException {
		app = RunningApp.create(temp.resolve("ecm"), 300);
		app.register(registry, "ecm");
		// An app whose start command always fails: its rollback cannot bring it back.
		unstartable = dev.mamori.support.AppFixture.create(temp.resolve("stuck"), 20);
		unstartable.register(registry, "stuck", null);
		registry.add("mamori.commands.never-starts.argv[0]", () -> "false");
		registry.add("mamori.commands.stops.argv[0]", () -> "true");
		registry.add("mamori.apps.stuck.service.start", () -> "never-starts");
		registry.add("mamori.apps.stuck.service.stop", () -> "stops");
	}

	@Test
	void aRestoreWhileABackupRunsGets409() throws Exception {
		SnapshotView snapshot = backup();
		String owner = this.leases.acquire("ecm", "backup", Duration.ofMinutes(1)).orElseThrow();
		try {
			Http.Response response = Http.on(this.port).post("/api/apps/ecm/restores",
					RoleUsers.ensure(this.users, Role.ADMIN), "{\"snapshot\":" + snapshot.id() + ",\"confirm\":\"ecm\"}");
			assertThat(response.status()).isEqualTo(409);
			assertThat(response.json().get("running").asString()).isEqualTo("backup");
		}
		finally {
			this.leases.release("ecm", owner);
		}
	}

	@Test
	void whenTheRollbackCannotBringTheAppBackTheRunSaysWhatIsWhere() throws Exception {
		BackupRunView backup = this.backups.runAndWait("stuck", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		RestoreRunView run = this.restores.runAndWait("stuck", backup.snapshotId(), List.of(), "stuck",
				Actor.user("admin", null));
		// The previous data could be put back, so the run is ROLLED_BACK, loudly: the app is down.
		assertThat(run.status()).isEqualTo(RestoreStatus.ROLLED_BACK);
		assertThat(run.error()).contains("Manual intervention required")
			.contains("never-starts exited with 1")
			.contains(unstartable.database.toString());
		assertThat(run.steps()).extracting(RestoreRunView.Step::name).containsSubsequence("START_SERVICE", "ROLLBACK",
				"START_SERVICE");
		assertThat(unstartable.rows()).as("the data itself was put back").isEqualTo(20);
	}

	@BeforeEach
	void appIsRunning() {
		if (app.health() != 200) {
			app.stop();
			app.startAndWait();
		}
	}

	@AfterAll
	static void stopApp() {
		app.stop();
	}

	@Test
	void damagedAppIsRestoredFromTheLatestSnapshotWithStepsRtoAndRpo() throws Exception {
		SnapshotView snapshot = backup();
		Map<String, String> uploadsBefore = Checksums.tree(app.files.uploads);
		// The damage: the database truncated, uploads deleted.
		try (RandomAccessFile db = new RandomAccessFile(app.files.database.toFile(), "rw")) {
			db.setLength(0);
		}
		deleteTree(app.files.uploads);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> app.health() == 500);

		RestoreRunView run = this.restores.runAndWait("ecm", snapshot.id(), List.of(), "ecm", Actor.user("admin", null));

		assertThat(run.status()).as(run.error()).isEqualTo(RestoreStatus.SUCCEEDED);
		assertThat(run.steps()).extracting(RestoreRunView.Step::name)
			.containsExactly("PLAN", "EXTRACT", "STOP_SERVICE", "SWAP", "CHECK", "START_SERVICE", "HEALTH_CHECK");
		assertThat(run.steps()).allSatisfy((s) -> assertThat(s.outcome()).isEqualTo("SUCCEEDED"));
		// The replaced data is archived after the app is healthy, off the critical path.
		RestoreRunView done = Awaitility.await().atMost(Duration.ofSeconds(60))
			.until(() -> this.restores.run(run.id()).orElseThrow(), (r) -> r.safetySnapshotId() != null
					&& r.steps().stream().noneMatch((step) -> "RUNNING".equals(step.outcome())));
		assertThat(app.files.rows()).isEqualTo(300);
		assertThat(Checksums.tree(app.files.uploads)).isEqualTo(uploadsBefore);
		assertThat(app.health()).isEqualTo(200);
		assertThat(run.rto()).isPositive();
		assertThat(run.rpo()).isPositive();
		assertThat(this.backups.snapshot(done.safetySnapshotId()).tags()).containsExactly("pre-restore");
		assertThat(siblingsOf(app.files.database)).noneMatch((n) -> n.contains(".mamori-"));
		// A step's end is committed, then audited: wait for the last step's entry.
		var audited = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.audit.search(
				new dev.mamori.core.audit.AuditLog.AuditQuery("admin", null, null, null),
				org.springframework.data.domain.PageRequest.of(0, 200)).getContent(), (entries) -> entries.stream()
					.filter((e) -> e.action().equals("RESTORE_STEP") && e.details().contains("\"restoreId\":" + run.id() + ","))
					.count() >= done.steps().size());
		assertThat(audited).filteredOn((e) -> e.action().equals("RESTORE_STEP") && e.details().contains("\"restoreId\":" + run.id() + ","))
			.hasSize(done.steps().size());
		assertThat(audited).anySatisfy((e) -> assertThat(e.action()).isEqualTo("RESTORE_SUCCEEDED"));

		Http.Response report = Http.on(this.port).get("/api/restores/" + run.id() + "/report",
				RoleUsers.ensure(this.users, Role.VIEWER));
		assertThat(report.status()).isEqualTo(200);
		assertThat(report.header("Content-Type")).startsWith("text/markdown");
		assertThat(report.body()).containsPattern("# Recovery report REC-\\d{4}-\\d{3}")
			.contains("| Outcome | **SUCCEEDED** |")
			.contains("| RTO (request to healthy) | ")
			.contains("RPO (data-loss window")
			.contains("| 1 | PLAN | SUCCEEDED |")
			.contains("| 7 | HEALTH_CHECK | SUCCEEDED |")
			.contains("integrity_check ok")
			.contains(snapshot.name());
	}

	@Test
	void aFailedHealthCheckRollsBackToTheSafetySnapshotAndStartsTheAppAgain() throws Exception {
		// A snapshot of a broken state: no items, so the app reports unhealthy after a restore of it.
		exec("delete from items");
		SnapshotView broken = backup();
		exec("insert into items (name, amount) values ('restored-later', 1)");
		Map<String, String> uploadsBefore = Checksums.tree(app.files.uploads);
		long pidBefore = app.pid();

		RestoreRunView run = this.restores.runAndWait("ecm", broken.id(), List.of(), "ecm", Actor.user("admin", null));

		assertThat(run.status()).as(run.error()).isEqualTo(RestoreStatus.ROLLED_BACK);
		assertThat(run.error()).contains("not healthy");
		assertThat(run.steps()).extracting(RestoreRunView.Step::name)
			.containsSubsequence("START_SERVICE", "HEALTH_CHECK", "STOP_SERVICE", "ROLLBACK", "START_SERVICE", "HEALTH_CHECK");
		assertThat(app.files.rows()).as("live rows equal the state before the restore").isEqualTo(1);
		assertThat(Checksums.tree(app.files.uploads)).isEqualTo(uploadsBefore);
		assertThat(app.health()).as("started again and healthy").isEqualTo(200);
		assertThat(app.pid()).as("a new process: it was stopped and started").isNotEqualTo(pidBefore);
		// The previous data came back by rename: nothing of the restore is left beside it.
		assertThat(siblingsOf(app.files.database)).noneMatch((n) -> n.contains(".mamori-"));
		exec("delete from items");
		exec("insert into items (name, amount) select 'item', 1 from (select 1 union all select 2)");
	}

	@Test
	void aCorruptArchiveFailsAtVerifyAndTouchesNothing() throws Exception {
		SnapshotView snapshot = backup();
		try (RandomAccessFile file = new RandomAccessFile(snapshot.archive().toFile(), "rw")) {
			file.seek(file.length() / 2);
			int b = file.read();
			file.seek(file.length() / 2);
			file.write(b ^ 0x10);
		}
		assertUntouchedAfterFailedVerify(snapshot.id(), "archive is not intact");
	}

	@Test
	void anArchiveWithEscapingEntriesFailsAtVerifyAndTouchesNothing() throws Exception {
		Path archive = app.files.destination.resolve("ecm_20200101_030000.tar.zst");
		byte[] evil = "owned".getBytes(StandardCharsets.UTF_8);
		try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(archive));
				TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			TarArchiveEntry escape = new TarArchiveEntry("files/uploads/../../../evil.txt", true);
			escape.setSize(evil.length);
			tar.putArchiveEntry(escape);
			tar.write(evil);
			tar.closeArchiveEntry();
			TarArchiveEntry link = new TarArchiveEntry("files/uploads/passwd", TarConstants.LF_SYMLINK);
			link.setLinkName("../../../../../etc/passwd");
			tar.putArchiveEntry(link);
			tar.closeArchiveEntry();
		}
		Manifest manifest = new Manifest(Manifest.FORMAT, "ecm", "ECM", Instant.parse("2020-01-01T03:00:00Z"), "UTC",
				"evil", "1", List.of(), Map.of(), List.of(new Manifest.SourceInfo("uploads", "directory", "/x",
						"files/uploads/", null, null, 1, 5, List.of())), List.of());
		Files.write(ArchiveFiles.manifestOf(archive), ArchiveJson.write(manifest));
		this.backups.rebuildCatalog("ecm", Actor.SYSTEM);
		long id = this.backups.snapshots("ecm").stream().filter((s) -> s.name().equals(archive.getFileName().toString()))
			.findFirst().orElseThrow().id();
		try {
			// The forged archive only claims the uploads source (a restore of the others is refused up front).
			assertUntouchedAfterFailedVerify(id, List.of("uploads"), "escapes its target");
			assertThat(temp.resolve("evil.txt")).doesNotExist();
		}
		finally {
			Files.delete(archive);
			Files.delete(ArchiveFiles.manifestOf(archive));
			this.backups.rebuildCatalog("ecm", Actor.SYSTEM);
		}
	}

	@Test
	void aDryRunListsEverySourceAndChangesNothing() throws Exception {
		SnapshotView snapshot = backup();
		Map<String, String> before = state();
		Http.Response response = Http.on(this.port).post("/api/apps/ecm/restores", RoleUsers.ensure(this.users, Role.ADMIN),
				"{\"snapshot\":" + snapshot.id() + ",\"dryRun\":true}");
		assertThat(response.status()).isEqualTo(200);
		JsonNode plan = response.json();
		assertThat(plan.get("sources").findValuesAsString("id")).containsExactly("db", "uploads", "env");
		assertThat(plan.get("sources").get(0).get("target").asString()).isEqualTo(app.files.database.toString());
		assertThat(plan.get("sources").get(1).get("action").asString()).contains("swap");
		assertThat(plan.get("sources").get(0).get("currentBytes").asLong()).isPositive();
		assertThat(plan.get("stopCommand").get(0).asString()).isEqualTo("bash");
		assertThat(plan.get("safetySnapshot").asString()).contains("pre-restore");
		assertThat(state()).isEqualTo(before);
		assertThat(this.restores.history("ecm")).noneMatch((r) -> r.snapshotId() == snapshot.id()
				&& r.requestedAt().isAfter(Instant.now().minusSeconds(5)));
	}

	@Test
	void onlyAdminRestoresAndOnlyWithTheAppIdTypedAsConfirmation() throws Exception {
		SnapshotView snapshot = backup();
		Http http = Http.on(this.port);
		String body = "{\"snapshot\":" + snapshot.id() + ",\"confirm\":\"ecm\"}";
		assertThat(http.post("/api/apps/ecm/restores", RoleUsers.ensure(this.users, Role.VIEWER), body).status())
			.isEqualTo(403);
		assertThat(http.post("/api/apps/ecm/restores", RoleUsers.ensure(this.users, Role.OPERATOR), body).status())
			.isEqualTo(403);
		Http.Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http.Response missing = http.post("/api/apps/ecm/restores", admin, "{\"snapshot\":" + snapshot.id() + "}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("confirm");
		Http.Response wrong = http.post("/api/apps/ecm/restores", admin,
				"{\"snapshot\":" + snapshot.id() + ",\"confirm\":\"yes\"}");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.json().get("detail").asString()).contains("'ecm'");

		Http.Response started = http.post("/api/apps/ecm/restores", admin, body);
		assertThat(started.status()).isEqualTo(202);
		long id = started.json().get("id").asLong();
		Http.Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		Awaitility.await().atMost(Duration.ofSeconds(60))
			.until(() -> !"RUNNING".equals(http.get("/api/restores/" + id, viewer).json().get("status").asString()));
		JsonNode run = http.get("/api/restores/" + id, viewer).json();
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(run.get("requestedBy").asString()).isEqualTo("admin2");
		assertThat(http.get("/api/restores?app=ecm", viewer).json().findValuesAsString("status")).contains("SUCCEEDED");
	}

	@Test
	void aPartialRestoreOfTheDatabaseLeavesUploadsUntouched() throws Exception {
		SnapshotView snapshot = backup();
		exec("delete from items where id > 100");
		Path removed = app.files.uploads.resolve("photos/p1.jpg");
		Files.delete(removed);
		Map<String, String> uploadsBefore = Checksums.tree(app.files.uploads);

		RestoreRunView run = this.restores.runAndWait("ecm", snapshot.id(), List.of("db"), "ecm", Actor.user("admin", null));

		assertThat(run.status()).as(run.error()).isEqualTo(RestoreStatus.SUCCEEDED);
		assertThat(run.sources()).containsExactly("db");
		assertThat(run.steps()).extracting(RestoreRunView.Step::name).contains("SWAP");
		assertThat(run.steps().get(3).message()).contains(app.files.database.toString()).doesNotContain("uploads");
		assertThat(app.files.rows()).isEqualTo(snapshotRows(snapshot));
		assertThat(Checksums.tree(app.files.uploads)).isEqualTo(uploadsBefore);
		assertThat(removed).doesNotExist();
		Files.write(removed, new byte[] { 1, 2, 3 });
	}

	private void assertUntouchedAfterFailedVerify(long snapshotId, String reason) throws Exception {
		assertUntouchedAfterFailedVerify(snapshotId, List.of(), reason);
	}

	private void assertUntouchedAfterFailedVerify(long snapshotId, List<String> sources, String reason) throws Exception {
		Map<String, String> before = state();
		long pid = app.pid();
		RestoreRunView run = this.restores.runAndWait("ecm", snapshotId, sources, "ecm", Actor.user("admin", null));
		assertThat(run.status()).isEqualTo(RestoreStatus.FAILED);
		assertThat(run.error()).contains(reason);
		assertThat(run.steps()).extracting(RestoreRunView.Step::name).containsExactly("PLAN", "EXTRACT");
		assertThat(run.steps().get(1).outcome()).isEqualTo("FAILED");
		assertThat(state()).as("live data byte for byte").isEqualTo(before);
		assertThat(app.pid()).as("no service command ran").isEqualTo(pid);
		assertThat(app.health()).isEqualTo(200);
	}

	private SnapshotView backup() {
		BackupRunView run = this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
		return this.backups.snapshot(run.snapshotId());
	}

	private static long snapshotRows(SnapshotView snapshot) {
		return snapshot.sources().get(0).rowCounts().get("items");
	}

	private static Map<String, String> state() throws IOException {
		Map<String, String> state = new TreeMap<>(Checksums.tree(app.files.uploads));
		state.put("db", Shell.run(app.files.root, "sha256sum", app.files.database.toString()).output());
		state.put("db-mtime", Files.getLastModifiedTime(app.files.database).toString());
		state.put("env", Shell.run(app.files.root, "sha256sum", app.files.env.toString()).output());
		return state;
	}

	private static List<String> siblingsOf(Path file) throws IOException {
		try (Stream<Path> files = Files.list(file.getParent())) {
			return files.map((p) -> p.getFileName().toString()).toList();
		}
	}

	private static void exec(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + app.files.database);
				Statement statement = connection.createStatement()) {
			statement.execute("pragma busy_timeout=5000");
			statement.execute(sql);
		}
	}

	private static void deleteTree(Path path) throws IOException {
		if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(path)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

}
