package dev.mamori.backup.offsite;

import java.nio.file.Path;
import java.time.Duration;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RunStatus;
import dev.mamori.core.Actor;
import dev.mamori.support.AppFixture;
import dev.mamori.support.SftpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy with {@code when: schedule} is not made after the backup but at the copy's next scheduled
 * time, to a real OpenSSH server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "mamori.scheduling.enabled=true")
@ActiveProfiles("test")
class ScheduledCopyTests {

	@TempDir
	static Path temp;

	static SftpServer sftp;

	@Autowired
	BackupService backups;

	@Autowired
	CopyService copies;

	@DynamicPropertySource
	static void configure(DynamicPropertyRegistry registry) throws Exception {
		sftp = SftpServer.start(temp.resolve("sshd"));
		String fingerprint = sftp.fingerprint();
		registry.add("mamori.targets.nas.type", () -> "sftp");
		registry.add("mamori.targets.nas.host", () -> "127.0.0.1");
		registry.add("mamori.targets.nas.port", sftp::port);
		registry.add("mamori.targets.nas.user", sftp::user);
		registry.add("mamori.targets.nas.path", () -> sftp.root().toString());
		registry.add("mamori.targets.nas.host-key", () -> fingerprint);
		registry.add("mamori.targets.nas.key-file", () -> sftp.userKey().toString());
		AppFixture app = AppFixture.create(temp.resolve("sched"), 20);
		app.register(registry, "sched", null);
		registry.add("mamori.apps.sched.backup.copies[0].target", () -> "nas");
		registry.add("mamori.apps.sched.backup.copies[0].when", () -> "schedule");
		// Once a minute, at a second about 40 s from now (6 fields, seconds first): well after the backup.
		int second = (java.time.LocalTime.now().getSecond() + 40) % 60;
		registry.add("mamori.apps.sched.backup.copies[0].schedule", () -> second + " * * * * *");
	}

	@AfterAll
	static void stop() throws Exception {
		sftp.close();
	}

	@Test
	void aScheduledCopyIsMadeAtItsScheduleNotAfterTheBackup() throws Exception {
		BackupRunView run = this.backups.runAndWait("sched", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
		String name = this.backups.snapshot(run.snapshotId()).name();
		assertThat(this.copies.copies("sched")).as("not copied after the backup: it waits for its schedule").isEmpty();
		Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> this.copies.copies("sched").stream()
			.anyMatch((c) -> c.snapshotName().equals(name) && c.state() == CopyState.GOOD));
		assertThat(sftp.root().resolve("sched").resolve(name)).exists();
		assertThat(this.copies.listRemote("sched", "nas")).containsExactly(name);
	}

}
