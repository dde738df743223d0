package dev.mamori.backup;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditLog.AuditQuery;
import dev.mamori.core.event.BackupCompleted;
import dev.mamori.core.event.BackupFailed;
import dev.mamori.support.AppFixture;
import dev.mamori.support.ReadOnlyDirectory;
import dev.mamori.support.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.event.EventListener;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backups of a real SQLite app with uploads and a .env into a USB-like directory, checked with the
 * system's tar, sqlite3 and sha256sum; and each way a backup can fail, with nothing lost.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
@Import(BackupRunTests.Events.class)
class BackupRunTests {

	@TempDir
	static Path temp;

	static AppFixture app;

	@Autowired
	BackupService backups;

	@Autowired
	AuditLog audit;

	@Autowired
	Events events;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		app = AppFixture.create(temp.resolve("ecm"), 2000);
		app.register(registry, "ecm", null);
	}

	@BeforeEach
	@AfterEach
	void clearEvents() {
		this.events.completed.clear();
		this.events.failed.clear();
	}

	@Test
	void sqliteBackupWhileAnotherProcessWritesHoldsEveryRowCommittedBeforeItStarted() throws Exception {
		// Another process, as the app would be: the sqlite3 CLI inserting rows one transaction at a time.
		Process writer = new ProcessBuilder("bash", "-c",
				"while true; do sqlite3 -cmd '.timeout 5000' '" + app.database + "' \"insert into items (name, amount) values ('live', 1)\" || exit 1; done")
			.redirectErrorStream(true)
			.start();
		try {
			long start = maxId();
			while (maxId() < start + 20) {
				Thread.sleep(20);
			}
			long committedBeforeStart = maxId();
			BackupRunView run = this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
			assertThat(maxId()).as("the other process kept writing during the backup").isGreaterThan(committedBeforeStart);
			assertThat(writer.isAlive()).as("the writer never failed on a lock").isTrue();
			checkSnapshot(run, committedBeforeStart);
		}
		finally {
			writer.destroy();
			writer.waitFor();
		}
	}

	private static long maxId() throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + app.database);
				Statement statement = connection.createStatement()) {
			statement.execute("pragma busy_timeout=5000");
			try (ResultSet rs = statement.executeQuery("select max(id) from items")) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	private void checkSnapshot(BackupRunView run, long committedBeforeStart) throws Exception {
		assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
		SnapshotView snapshot = this.backups.snapshot(run.snapshotId());
		assertThat(snapshot.status()).isEqualTo(SnapshotStatus.GOOD);

		Path out = Files.createDirectories(temp.resolve("extract-" + run.id()));
		assertThat(Shell.run(out, "tar", "--zstd", "-xf", snapshot.archive().toString()).exit()).isZero();
		Path db = out.resolve("db/db.sqlite");
		assertThat(Shell.run(out, "sqlite3", db.toString(), "pragma integrity_check").output().strip()).isEqualTo("ok");
		long missing = Long.parseLong(Shell.run(out, "sqlite3", db.toString(),
				"select " + committedBeforeStart + " - count(*) from items where id <= " + committedBeforeStart)
			.output()
			.strip());
		assertThat(missing).as("rows committed before the backup started but missing from it").isZero();
		assertThat(out.resolve("files/uploads/photos/p3.jpg")).hasSameBinaryContentAs(app.uploads.resolve("photos/p3.jpg"));
		assertThat(out.resolve("config/env/.env")).hasSameBinaryContentAs(app.env);
		assertThat(Shell.run(app.destination, "sha256sum", "-c", snapshot.name() + ".sha256").exit()).isZero();

		assertThat(this.events.completed).singleElement().satisfies((e) -> assertThat(e.verified()).isTrue());
		assertThat(this.audit.search(new AuditQuery(null, "BACKUP_SUCCEEDED", null, null), PageRequest.of(0, 10))
			.getContent()).isNotEmpty();
	}

	@Test
	void verifyReportsCorruptNamingTheEntryAfterOneByteChanges() throws Exception {
		BackupRunView run = this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		SnapshotView snapshot = this.backups.snapshot(run.snapshotId());
		Path copy = temp.resolve("pristine.tar.zst");
		Files.copy(snapshot.archive(), copy);
		try {
			try (RandomAccessFile file = new RandomAccessFile(snapshot.archive().toFile(), "rw")) {
				long position = file.length() / 2;
				file.seek(position);
				int b = file.read();
				file.seek(position);
				file.write(b ^ 0x01);
			}
			SnapshotView verified = this.backups.verify(snapshot.id(), Actor.user("operator", null));
			assertThat(verified.status()).isEqualTo(SnapshotStatus.CORRUPT);
			assertThat(verified.verifyMessage()).containsPattern("entry '(db|files|config)/");
			assertThat(this.audit.search(new AuditQuery("operator", "SNAPSHOT_VERIFIED", null, null), PageRequest.of(0, 5))
				.getContent()).isNotEmpty();
		}
		finally {
			Files.copy(copy, snapshot.archive(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			this.backups.verify(snapshot.id(), Actor.SYSTEM);
		}
	}

	@Test
	void wrongMarkerFailsWithItsOwnMessageAndTouchesNothing() throws Exception {
		Path marker = app.destination.resolve(".mamori-destination");
		failsWithoutTouchingAnything(() -> Files.writeString(marker, "SOMEONE-ELSES-DRIVE\n"),
				() -> Files.writeString(marker, AppFixture.MARKER + "\n"), "is marked 'SOMEONE-ELSES-DRIVE' but this app expects 'TEST-USB'");
	}

	@Test
	void missingMarkerFileFailsWithItsOwnMessage() throws Exception {
		Path marker = app.destination.resolve(".mamori-destination");
		Path aside = temp.resolve("marker-aside");
		failsWithoutTouchingAnything(() -> Files.move(marker, aside), () -> Files.move(aside, marker),
				"has no .mamori-destination file");
	}

	@Test
	void missingDestinationFailsWithItsOwnMessage() throws Exception {
		Path aside = temp.resolve("usb-unplugged");
		failsWithoutTouchingAnything(() -> Files.move(app.destination, aside), () -> Files.move(aside, app.destination),
				"does not exist (is the drive mounted?)");
	}

	@Test
	void readOnlyDestinationFailsWithItsOwnMessage() throws Exception {
		ReadOnlyDirectory[] readOnly = new ReadOnlyDirectory[1];
		failsWithoutTouchingAnything(() -> readOnly[0] = ReadOnlyDirectory.of(app.destination),
				() -> readOnly[0].close(), "is not writable");
	}

	@Test
	void missingSourcePathFailsWithItsOwnMessage() throws Exception {
		Path aside = temp.resolve("master.db.moved");
		failsWithoutTouchingAnything(() -> Files.move(app.database, aside), () -> Files.move(aside, app.database),
				"source 'db': SQLite database " + app.database + " does not exist");
	}

	private void failsWithoutTouchingAnything(IoAction damage, IoAction repair, String message) throws Exception {
		this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		List<SnapshotView> before = this.backups.snapshots("ecm");
		Map<String, String> filesBefore = checksums(app.destination);
		damage.run();
		BackupRunView run;
		try {
			run = this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		}
		finally {
			repair.run();
		}
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
		assertThat(run.error()).contains(message);
		assertThat(run.snapshotId()).isNull();
		assertThat(this.backups.snapshots("ecm")).as("no snapshot listed").isEqualTo(before);
		assertThat(checksums(app.destination)).as("previous archives untouched, no partial left").isEqualTo(filesBefore);
		assertThat(this.events.failed).singleElement().satisfies((e) -> assertThat(e.error()).contains(message));
		// And the next backup, with the problem fixed, works.
		assertThat(this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow().status())
			.isEqualTo(RunStatus.SUCCEEDED);
	}

	static Map<String, String> checksums(Path dir) throws IOException {
		Map<String, String> sums = new TreeMap<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				sums.put(file.getFileName().toString(), Shell.run(dir, "sha256sum", file.toString()).output());
			}
		}
		return sums;
	}

	interface IoAction {

		void run() throws Exception;

	}

	@TestConfiguration
	static class Events {

		final List<BackupCompleted> completed = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<BackupFailed> failed = new java.util.concurrent.CopyOnWriteArrayList<>();

		@EventListener
		void on(BackupCompleted event) {
			this.completed.add(event);
		}

		@EventListener
		void on(BackupFailed event) {
			this.failed.add(event);
		}

	}

}
