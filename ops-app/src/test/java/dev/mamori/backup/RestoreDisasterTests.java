package dev.mamori.backup;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.restore.ReportNumbers;
import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.event.RestoreFinished;
import dev.mamori.core.event.RestoreStarted;
import dev.mamori.support.RunningApp;
import dev.mamori.support.Shell;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restores the restore path exists for: a live database too damaged to read, and recovery
 * report numbers that stay unique when the database that numbered them is gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
@RecordApplicationEvents
class RestoreDisasterTests {

	@TempDir
	static Path temp;

	static RunningApp app;

	@Autowired
	BackupService backups;

	@Autowired
	RestoreService restores;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationEvents events;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) throws IOException {
		app = RunningApp.create(temp.resolve("ecm"), 120);
		app.register(registry, "ecm");
		app.startAndWait();
	}

	@AfterAll
	static void stopApp() {
		app.stop();
	}

	@Test
	void aCorruptLiveDatabaseIsRestoredAndItsBytesAreKeptRawInThePreRestoreArchive() throws Exception {
		BackupRunView backup = this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(backup.status()).as(backup.error()).isEqualTo(RunStatus.SUCCEEDED);
		// The disaster: the first 4 KiB of the live database overwritten with random bytes.
		byte[] noise = new byte[4096];
		new Random(7).nextBytes(noise);
		try (RandomAccessFile db = new RandomAccessFile(app.files.database.toFile(), "rw")) {
			db.seek(0);
			db.write(noise);
		}
		byte[] corrupt = Files.readAllBytes(app.files.database);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> app.health() != 200);

		RestoreRunView run = this.restores.runAndWait("ecm", backup.snapshotId(), List.of(), "ecm", Actor.user("admin", null));

		assertThat(run.status()).as(run.error()).isEqualTo(RestoreStatus.SUCCEEDED);
		assertThat(app.files.rows()).isEqualTo(120);
		assertThat(app.health()).isEqualTo(200);
		RestoreRunView done = Awaitility.await().atMost(Duration.ofSeconds(60))
			.until(() -> this.restores.run(run.id()).orElseThrow(), (r) -> r.preRestoreArchive() != null);
		assertThat(done.healthBefore()).startsWith("not healthy");
		SnapshotView preRestore = this.backups.snapshot(done.safetySnapshotId());
		assertThat(preRestore.tags()).containsExactly("pre-restore");
		Manifest manifest = ArchiveJson.read(ArchiveFiles.manifestOf(preRestore.archive()));
		Manifest.SourceInfo db = manifest.sources().stream().filter((s) -> s.id().equals("db")).findFirst().orElseThrow();
		assertThat(db.warnings()).singleElement().asString().startsWith("raw bytes");
		assertThat(db.location()).as("where it came from, not where it waited").isEqualTo(app.files.database.toString());
		Path out = Files.createDirectories(temp.resolve("pre-restore-" + run.id()));
		assertThat(Shell.run(out, "tar", "--zstd", "-xf", preRestore.archive().toString()).exit()).isZero();
		assertThat(Files.readAllBytes(out.resolve("db/db.sqlite"))).as("the corrupt bytes, as they were").isEqualTo(corrupt);
		try (Stream<Path> siblings = Files.list(app.files.database.getParent())) {
			assertThat(siblings.map((p) -> p.getFileName().toString())).noneMatch((n) -> n.contains(".mamori-"));
		}
	}

	@Test
	void reportNumbersStayUniqueWhenTheDatabaseThatNumberedThemIsGone() throws Exception {
		BackupRunView backup = this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		String first = restore(backup.snapshotId());
		String second = restore(backup.snapshotId());
		assertThat(second).isNotEqualTo(first);
		// A fresh install on the same drive: Mamori's own database has no restore at all.
		this.jdbc.update("delete from restore_run");
		String third = restore(backup.snapshotId());
		assertThat(third).isNotIn(first, second);
		assertThat(ReportNumbers.ordinal(third)).isGreaterThan(ReportNumbers.ordinal(second));
		Path reports = app.files.destination.resolve(ReportNumbers.DIRECTORY);
		assertThat(reports.resolve(first + ".md")).exists();
		assertThat(reports.resolve(third + ".md")).exists();
		assertThat(this.backups.snapshots("ecm")).as("the report directory is not an archive")
			.noneMatch((s) -> s.name().contains(ReportNumbers.DIRECTORY));
	}

	private String restore(long snapshotId) {
		RestoreRunView run = this.restores.runAndWait("ecm", snapshotId, List.of("env"), "ecm", Actor.user("admin", null));
		assertThat(run.status()).as(run.error()).isEqualTo(RestoreStatus.SUCCEEDED);
		assertThat(run.reportNumber()).matches("REC-\\d{4}-\\d{3}");
		assertThat(this.restores.report(run.id())).contains("# Recovery report " + run.reportNumber());
		// What quiets the app's monitors, defers its backups and sends the outcome mail.
		assertThat(this.events.stream(RestoreStarted.class)).anyMatch((e) -> e.runId() == run.id() && e.live());
		assertThat(this.events.stream(RestoreFinished.class)).anyMatch((e) -> e.runId() == run.id() && e.succeeded()
				&& run.reportNumber().equals(e.reportNumber()));
		return run.reportNumber();
	}

}
