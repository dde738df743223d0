package dev.mamori.backup;

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
import java.util.stream.Stream;

import dev.mamori.support.Http;
import dev.mamori.support.AppData;
import dev.mamori.support.MamoriProcess;
import dev.mamori.support.RunningApp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Mamori server (child JVM) killed with SIGKILL at the restore's fault-injection points
 * ({@code -Ddev.mamori.restore.pause-at}), then started again on the same data directory: every source
 * is wholly what it was before the restore, the app runs and is healthy, nothing of the restore is
 * left beside the sources, in the work directory or in the journal, the run is ended (not
 * RUNNING) and audited, and the drive lost nothing.
 */
class KillServerRestoreTests {

	private static final Duration READY = Duration.ofSeconds(120);

	@TempDir
	Path temp;

	private RunningApp app;

	private Path dataDir;

	private final List<MamoriProcess> servers = new ArrayList<>();

	private final long began = System.nanoTime();

	private void progress(String what) {
		System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - this.began) / 1e9, what);
	}

	@AfterEach
	void stopEverything() throws InterruptedException {
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
		Crash crash = crashAt("STOP_SERVICE", Map.of());
		// The kill hit the staging: staged copies beside each source, live data as before, app up.
		assertThat(AppData.sideFiles(this.app)).as("staged copies exist").anyMatch((n) -> n.contains(".mamori-staged-"));
		assertThat(AppData.sideFiles(this.app)).noneMatch((n) -> n.contains(".mamori-aside-"));
		assertThat(AppData.State.of(this.app)).isEqualTo(crash.before());
		assertThat(this.app.health()).as("not stopped yet").isEqualTo(200);
		long appPid = this.app.pid();

		MamoriProcess server = restart();

		assertRecovered(server, crash, "FAILED");
		assertThat(this.app.pid()).as("the app was never stopped, so it was not restarted").isEqualTo(appPid);
	}

	/** After STOP_SERVICE: the service is stopped, nothing swapped yet. */
	@Test
	void killRightAfterTheStopStartsTheAppAgainOnItsOwnData() throws Exception {
		Crash crash = crashAt("SWAP:0", Map.of());
		assertThat(this.app.health()).as("the restore had stopped the app").isEqualTo(-1);
		assertThat(AppData.sideFiles(this.app)).anyMatch((n) -> n.contains(".mamori-staged-"));
		assertThat(AppData.State.of(this.app)).isEqualTo(crash.before());

		MamoriProcess server = restart();

		assertRecovered(server, crash, "ROLLED_BACK");
	}

	/** In the middle of the swap: db swapped, uploads and env not. */
	@Test
	void killBetweenTwoSourcesOfTheSwapPutsTheSwappedOneBack() throws Exception {
		Crash crash = crashAt("SWAP:1", Map.of());
		// Torn: the database is the snapshot's, the uploads and .env are still the live ones.
		AppData.State torn = AppData.State.of(this.app);
		assertThat(torn.db()).as("db swapped in").isEqualTo(crash.snapshot().db());
		assertThat(torn.uploads()).as("uploads not swapped yet").isEqualTo(crash.before().uploads());
		assertThat(torn.env()).as(".env not swapped yet").isEqualTo(crash.before().env());
		assertThat(AppData.sideFiles(this.app)).anyMatch((n) -> n.startsWith(".master.db.mamori-aside-"))
			.anyMatch((n) -> n.startsWith(".uploads.mamori-staged-"));

		MamoriProcess server = restart();

		assertRecovered(server, crash, "ROLLED_BACK");
		// The step the kill interrupted (SWAP) must be closed by the recovery too, not shown RUNNING for ever.
		JsonNode run = restoreRun(server, crash.restoreId());
		assertThat(run.get("steps").toString()).as("no step of the ended run is left RUNNING: " + run)
			.doesNotContain("\"outcome\":\"RUNNING\"");
	}

	/** Everything swapped and checked, the app not started yet: still undone, the run never succeeded. */
	@Test
	void killAfterTheWholeSwapBeforeTheStartUndoesEverySource() throws Exception {
		Crash crash = crashAt("START_SERVICE", Map.of());
		assertThat(AppData.State.of(this.app)).as("all three swapped in").isEqualTo(crash.snapshot());
		assertThat(this.app.health()).isEqualTo(-1);

		MamoriProcess server = restart();

		assertRecovered(server, crash, "ROLLED_BACK");
	}

	/** During the rollback after a failed health check: env and uploads already back, db not yet. */
	@Test
	void killDuringTheRollbackFinishesTheRollback() throws Exception {
		this.app = RunningApp.create(this.temp.resolve("ecm"), 300);
		this.app.startAndWait();
		this.dataDir = this.temp.resolve("state");
		Path config = config(Map.of("restore.health-attempts", "2", "restore.health-interval", "200ms"));
		MamoriProcess server = start(config, "ROLLBACK:0");
		// A snapshot of a broken state: no items, so the app answers 500 after a restore of it.
		AppData.sql(this.app, "delete from items");
		AppData.State brokenState = AppData.State.of(this.app);
		long broken = backup(server);
		// Fixed by hand afterwards: this is the data the restore must not lose.
		AppData.sql(this.app, "insert into items (name, amount) values ('fixed by hand', 1), ('fixed again', 2)");
		Files.writeString(this.app.files.uploads.resolve("readme.txt"), "uploads, fixed\n");
		Files.write(this.app.files.uploads.resolve("photos/new.jpg"), AppData.randomBytes(30_000, 3));
		Files.writeString(this.app.files.env, "DATABASE=master.db\nSECRET_KEY=fixed\n");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.app.health() == 200);
		Crash crash = restoreAndKill(server, broken, "ROLLBACK:0", AppData.State.of(this.app), brokenState);
		// Torn inside the rollback: env and uploads back, the database still the broken restored one.
		AppData.State torn = AppData.State.of(this.app);
		assertThat(torn.uploads()).isEqualTo(crash.before().uploads());
		assertThat(torn.env()).isEqualTo(crash.before().env());
		assertThat(torn.db()).as("db not put back yet").isEqualTo(brokenState.db());
		assertThat(AppData.sideFiles(this.app)).anyMatch((n) -> n.startsWith(".master.db.mamori-aside-"));
		assertThat(this.app.health()).as("stopped for the rollback").isEqualTo(-1);

		server = restart();

		assertRecovered(server, crash, "ROLLED_BACK");
		assertThat(this.app.files.rows()).isEqualTo(2);
	}

	/**
	 * A restore that succeeded, killed while the replaced data is archived in the background: the
	 * next start writes the pre-restore archive from the moved-aside data, removes it, and the run
	 * says where that archive is.
	 */
	@Test
	void killWhileThePreRestoreArchiveIsWrittenFinishesItAtTheNextStart() throws Exception {
		this.app = RunningApp.create(this.temp.resolve("ecm"), 300);
		this.app.startAndWait();
		this.dataDir = this.temp.resolve("state");
		// Slow compression and a large incompressible file in the replaced data: a wide window.
		Path config = config(Map.of("backup.compression-level", "19"));
		MamoriProcess running = start(config, null);
		long good = backup(running);
		AppData.State snapshot = AppData.State.of(this.app);
		Path archive = archiveOf(running, good);
		String archiveSha = AppData.sha256(Files.readAllBytes(archive));
		AppData.changeLiveData(this.app);
		Files.write(this.app.files.uploads.resolve("photos/huge.jpg"), AppData.randomBytes(24 << 20, 5));
		AppData.State before = AppData.State.of(this.app);

		long id = startRestore(running, good);
		Path journal = this.dataDir.resolve("restore-journal/ecm_" + id + ".journal.json");
		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5)).until(() -> {
			String status = restoreRun(running, id).get("status").asString();
			if (!status.equals("RUNNING") && !status.equals("SUCCEEDED")) {
				throw new AssertionError("restore ended " + status + ": " + restoreRun(running, id) + "\n" + running.tail());
			}
			return status.equals("SUCCEEDED") && Files.exists(journal);
		});
		assertThat(running.kill()).as("killed by SIGKILL").isEqualTo(137);
		assertThat(journal).as("the kill hit before the background archive was done").exists();
		assertThat(AppData.sideFiles(this.app)).anyMatch((n) -> n.contains(".mamori-aside-"));

		MamoriProcess server = restart();

		assertThat(AppData.State.of(this.app)).as("the restore had succeeded: the snapshot's data stays").isEqualTo(snapshot);
		assertThat(this.app.health()).isEqualTo(200);
		assertNoLeftovers(server);
		assertThat(Files.readAllBytes(archive)).as("restored archive untouched").satisfies((b) -> assertThat(AppData.sha256(b)).isEqualTo(archiveSha));
		List<Path> preRestore = new ArrayList<>();
		for (Path a : AppData.archives(this.app)) {
			if (Files.readString(Path.of(a + ".manifest.json")).contains("pre-restore")) {
				preRestore.add(a);
			}
		}
		assertThat(preRestore).as("the replaced data was archived at the next start").hasSize(1);
		assertThat(Files.readString(Path.of(preRestore.get(0) + ".manifest.json")))
			.contains(this.app.files.uploads.toString());
		assertThat(before.uploads()).containsKey("photos/huge.jpg");
		JsonNode snapshots = server.http().get("/api/apps/ecm/snapshots", server.admin()).json();
		assertThat(snapshots.toString()).as("the pre-restore archive is in the catalog").contains(preRestore.get(0).getFileName().toString());
		JsonNode run = restoreRun(server, id);
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(run.get("steps").toString()).as("no step of the run is left RUNNING: " + run)
			.doesNotContain("\"outcome\":\"RUNNING\"");
		JsonNode named = run.get("preRestoreArchive");
		assertThat((named == null || named.isNull()) ? null : named.asString()).as("the run names its pre-restore archive: " + run)
			.isEqualTo(preRestore.get(0).getFileName().toString());
	}

	/**
	 * Killed in the moment after the journal says SUCCEEDED and before the run row is ended (the
	 * lease release, the report number and the row's end follow the journal's last phase): the next
	 * start must not leave the run RUNNING for ever.
	 */
	@Test
	void killRightAfterTheRestoreSucceededEndsTheRunAtTheNextStart() throws Exception {
		this.app = RunningApp.create(this.temp.resolve("ecm"), 300);
		this.app.startAndWait();
		this.dataDir = this.temp.resolve("state");
		MamoriProcess running = start(config(Map.of()), null);
		long good = backup(running);
		AppData.State snapshot = AppData.State.of(this.app);
		AppData.changeLiveData(this.app);
		long id = startRestore(running, good);
		Path journal = this.dataDir.resolve("restore-journal/ecm_" + id + ".journal.json");
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (!phaseSucceeded(journal)) {
			assertThat(System.nanoTime()).as("journal phase SUCCEEDED\n" + running.tail()).isLessThan(deadline);
			java.util.concurrent.locks.LockSupport.parkNanos(200_000);
		}
		assertThat(running.kill()).as("killed by SIGKILL").isEqualTo(137);
		progress("killed after the journal said SUCCEEDED");
		// The report number is claimed on the drive before the row is ended: no claim, no end.
		boolean claimed = false;
		Path reports = this.app.files.destination.resolve(".mamori-reports");
		if (Files.isDirectory(reports)) {
			try (Stream<Path> files = Files.list(reports)) {
				for (Path report : files.toList()) {
					claimed |= Files.readString(report).contains("Restore run " + id + " of ecm");
				}
			}
		}
		org.junit.jupiter.api.Assumptions.assumeFalse(claimed,
				"the kill came after the run row was ended (report number already claimed): window missed, inconclusive");

		MamoriProcess server = restart();

		assertThat(AppData.State.of(this.app)).as("the restore had succeeded: the snapshot's data stays").isEqualTo(snapshot);
		assertThat(this.app.health()).isEqualTo(200);
		assertNoLeftovers(server);
		JsonNode run = restoreRun(server, id);
		assertThat(run.get("status").asString()).as("the run is not left RUNNING: " + run + "\n" + server.tail())
			.isEqualTo("SUCCEEDED");
	}

	private static boolean phaseSucceeded(Path journal) {
		try {
			return Files.readString(journal).contains("\"SUCCEEDED\"");
		}
		catch (IOException ex) {
			return false;
		}
	}

	// --- the crash and the checks after it ---

	private Crash crashAt(String point, Map<String, String> extra) throws Exception {
		this.app = RunningApp.create(this.temp.resolve("ecm"), 300);
		this.app.startAndWait();
		this.dataDir = this.temp.resolve("state");
		MamoriProcess server = start(config(extra), point);
		long good = backup(server);
		AppData.State snapshot = AppData.State.of(this.app);
		AppData.changeLiveData(this.app);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.app.health() == 200);
		return restoreAndKill(server, good, point, AppData.State.of(this.app), snapshot);
	}

	private Crash restoreAndKill(MamoriProcess server, long snapshotId, String point, AppData.State before, AppData.State snapshot)
			throws Exception {
		Path archive = archiveOf(server, snapshotId);
		String archiveSha = AppData.sha256(Files.readAllBytes(archive));
		int archiveCount = AppData.archives(this.app).size();
		long id = startRestore(server, snapshotId);
		Path marker = this.dataDir.resolve("restore-journal/paused-at-" + point.replace(':', '-'));
		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
			if (Files.exists(marker)) {
				return true;
			}
			JsonNode run = restoreRun(server, id);
			if (!run.get("status").asString().equals("RUNNING")) {
				throw new AssertionError("the restore ended before " + point + ": " + run + "\n" + server.tail());
			}
			return false;
		});
		progress("paused at " + point);
		assertThat(server.kill()).as("killed by SIGKILL").isEqualTo(137);
		progress("killed");
		return new Crash(id, before, snapshot, archive, archiveSha, archiveCount);
	}

	private void assertRecovered(MamoriProcess server, Crash crash, String status) throws Exception {
		String log = server.tail();
		assertThat(AppData.State.of(this.app)).as("every source wholly as before the restore\n" + log).isEqualTo(crash.before());
		assertThat(this.app.health()).as("the app runs and is healthy\n" + log).isEqualTo(200);
		assertNoLeftovers(server);
		JsonNode run = restoreRun(server, crash.restoreId());
		assertThat(run.get("status").asString()).as(run + "\n" + log).isEqualTo(status);
		assertThat(run.get("error").asString()).contains("interrupted");
		Http.Response audit = server.http().get("/api/audit?action=RESTORE_" + status + "&size=100", server.admin());
		assertThat(audit.status()).isEqualTo(200);
		assertThat(audit.body()).as("audited").contains("\\\"restoreId\\\":" + crash.restoreId() + ",");
		assertThat(AppData.sha256(Files.readAllBytes(crash.archive()))).as("archive on the drive untouched").isEqualTo(crash.archiveSha());
		assertThat(AppData.archives(this.app).size()).as("no archive removed from the drive").isGreaterThanOrEqualTo(crash.archiveCount());
	}

	private void assertNoLeftovers(MamoriProcess server) throws IOException {
		String log = server.tail();
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
	}

	// --- the server ---

	private Path config(Map<String, String> extra) throws IOException {
		Map<String, String> all = new TreeMap<>(Map.of("restore.health-attempts", "40", "restore.health-interval", "250ms"));
		all.putAll(extra);
		Path config = this.temp.resolve("mamori-" + System.nanoTime() + ".yml");
		Files.writeString(config, MamoriProcess.yaml(this.app, "ecm", this.dataDir, all), StandardCharsets.UTF_8);
		return config;
	}

	private MamoriProcess start(Path config, String pauseAt) throws IOException {
		progress("starting Mamori" + ((pauseAt != null) ? " to pause at " + pauseAt : ""));
		MamoriProcess server = MamoriProcess.start(this.temp, config, pauseAt);
		this.servers.add(server);
		server.awaitReady(READY);
		progress("Mamori ready");
		return server;
	}

	/** The same data dir, the usual health check, no pause. */
	private MamoriProcess restart() throws IOException {
		return start(config(Map.of()), null);
	}

	private long backup(MamoriProcess server) {
		Http.Response started = server.http().post("/api/apps/ecm/backups", server.admin(), null);
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		long runId = started.json().get("id").asLong();
		JsonNode run = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
			.until(() -> server.http().get("/api/backup-runs/" + runId, server.admin()).json(),
					(r) -> !r.get("status").asString().equals("RUNNING"));
		assertThat(run.get("status").asString()).as(run + "\n" + server.tail()).isEqualTo("SUCCEEDED");
		progress("backup done");
		return run.get("snapshotId").asLong();
	}

	private long startRestore(MamoriProcess server, long snapshotId) {
		Http.Response response = server.http().postOnceFree("/api/apps/ecm/restores", server.admin(),
				"{\"snapshot\":" + snapshotId + ",\"confirm\":\"ecm\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("id").asLong();
	}

	private static JsonNode restoreRun(MamoriProcess server, long id) {
		Http.Response response = server.http().get("/api/restores/" + id, server.admin());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private Path archiveOf(MamoriProcess server, long snapshotId) {
		JsonNode snapshot = server.http().get("/api/snapshots/" + snapshotId, server.admin()).json();
		return Path.of(snapshot.get("destination").asString()).resolve(snapshot.get("name").asString());
	}

	/**
	 * @param restoreId the killed restore
	 * @param before the live data before the restore
	 * @param snapshot the data in the snapshot restored
	 * @param archive the snapshot's archive
	 * @param archiveSha its SHA-256 before the restore
	 * @param archiveCount archives on the drive before the restore
	 */
	record Crash(long restoreId, AppData.State before, AppData.State snapshot, Path archive, String archiveSha, int archiveCount) {
	}

}
