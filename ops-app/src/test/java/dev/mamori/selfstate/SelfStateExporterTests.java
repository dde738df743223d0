package dev.mamori.selfstate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RunStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditRecord;
import dev.mamori.support.AppFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundle beside the archives: refreshed whole by every backup (owner-only, no temporary file
 * left, the newest audit events in it, readable and verified by {@code restore-self}'s reader), and a
 * bundle that cannot be written is audited without turning the good backup into a failed one.
 */
@SpringBootTest(properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class SelfStateExporterTests {

	@TempDir
	static Path temp;

	static AppFixture notes;

	static AppFixture blocked;

	@Autowired
	BackupService backups;

	@Autowired
	AuditLog audit;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) throws Exception {
		notes = AppFixture.create(temp.resolve("notes"), 20);
		notes.register(registry, "notes", null);
		blocked = AppFixture.create(temp.resolve("blocked"), 20);
		blocked.register(registry, "blocked", null);
		// A directory where the bundle should go: the rename over it fails.
		Files.createDirectories(blocked.destination.resolve(SelfStateBundle.FILE_NAME).resolve("in-the-way"));
	}

	@Test
	void everyBackupRefreshesTheWholeBundle() throws Exception {
		BackupRunView first = this.backups.runAndWait("notes", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		Path bundle = notes.destination.resolve(SelfStateBundle.FILE_NAME);
		SelfStateBundle read = SelfStateBundle.read(bundle);
		assertThat(read.manifest().snapshot()).isEqualTo(this.backups.snapshot(first.snapshotId()).name());
		long eventsBefore = read.manifest().counts().auditEvents();

		BackupRunView second = this.backups.runAndWait("notes", "MANUAL", null, Actor.SYSTEM).orElseThrow();

		SelfStateBundle again = SelfStateBundle.read(bundle);
		assertThat(again.manifest().snapshot()).isEqualTo(this.backups.snapshot(second.snapshotId()).name());
		assertThat(again.manifest().counts().auditEvents()).as("the second backup's events are in it")
			.isGreaterThan(eventsBefore);
		assertThat(again.users()).extracting(SelfStateBundle.UserEntry::username).contains("admin");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle))).isEqualTo("rw-------");
		try (Stream<Path> files = Files.list(notes.destination)) {
			assertThat(files.map((p) -> p.getFileName().toString())).as("no temporary file left")
				.noneMatch((n) -> n.endsWith(".tmp"));
		}
	}

	@Test
	void aBundleThatCannotBeWrittenIsAuditedAndTheBackupStaysGood() {
		BackupRunView run = this.backups.runAndWait("blocked", "MANUAL", null, Actor.SYSTEM).orElseThrow();

		assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
		assertThat(this.audit.search(new AuditLog.AuditQuery(null, "SELF_STATE_FAILED", null, null), PageRequest.of(0, 10))
			.getContent()).extracting(AuditRecord::target).contains("blocked");
		assertThat(blocked.destination.resolve(SelfStateBundle.FILE_NAME).resolve("in-the-way")).isDirectory();
	}

}
