package dev.mamori.backup.offsite;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RunStatus;
import dev.mamori.backup.SnapshotStatus;
import dev.mamori.backup.SnapshotView;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditLog.AuditQuery;
import dev.mamori.core.event.CopyFailed;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Mailbox;
import dev.mamori.support.S3Server;
import dev.mamori.support.SftpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Off-site copies to a real OpenSSH server and a real S3 API server (S3Proxy): each good backup is
 * copied and verified, the catalog knows every location, each target keeps what its own retention
 * says; an SFTP server killed mid-upload leaves nothing listed and the copy completes when it is back;
 * a target that stays unreachable is alerted after its retries while the local backup stays good; a
 * target's time window defers its copies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
@Import(OffsiteCopyTests.Events.class)
class OffsiteCopyTests {

	static final String ACCESS_ENV = "MAMORI_TEST_OFFSITE_S3_ACCESS";

	static final String SECRET_ENV = "MAMORI_TEST_OFFSITE_S3_SECRET";

	@TempDir
	static Path temp;

	static SftpServer sftp;

	static final Mailbox mail = new Mailbox();

	static S3Server s3;

	static AppFixture ecm;

	static AppFixture big;

	static AppFixture lost;

	static AppFixture later;

	@Autowired
	BackupService backups;

	@Autowired
	CopyService copies;

	@Autowired
	AuditLog audit;

	@Autowired
	Events events;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void configure(DynamicPropertyRegistry registry) throws Exception {
		sftp = SftpServer.start(temp.resolve("sshd"));
		s3 = S3Server.start(temp.resolve("s3"));
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
		registry.add("mamori.notifications.email.language", () -> "en");
		String fingerprint = sftp.fingerprint();
		sftpTarget(registry, "nas", fingerprint, sftp.port(), "4", "1s");
		registry.add("mamori.targets.nas.max-rate", () -> "2MB");
		sftpTarget(registry, "gone", fingerprint, closedPort(), "1", "1s");
		sftpTarget(registry, "night", fingerprint, sftp.port(), "0", "1s");
		LocalTime now = LocalTime.now();
		registry.add("mamori.targets.night.window", () -> String.format("%02d:00-%02d:30", (now.getHour() + 3) % 24,
				(now.getHour() + 3) % 24));
		s3.registerTarget(registry, "cloud", ACCESS_ENV, SECRET_ENV);
		registry.add("mamori.targets.cloud.retry-backoff", () -> "1s");

		ecm = AppFixture.create(temp.resolve("ecm"), 500);
		ecm.register(registry, "ecm", null);
		// The SFTP target keeps the newest copy only; S3 keeps three; the drive keeps its default seven.
		copy(registry, "ecm", 0, "nas", 1);
		copy(registry, "ecm", 1, "cloud", 3);

		big = AppFixture.create(temp.resolve("big"), 10);
		byte[] noise = new byte[20 * 1024 * 1024];
		new Random(16).nextBytes(noise);
		Files.write(big.uploads.resolve("video.bin"), noise);
		big.register(registry, "big", null);
		copy(registry, "big", 0, "nas", 7);

		lost = AppFixture.create(temp.resolve("lost"), 10);
		lost.register(registry, "lost", null);
		copy(registry, "lost", 0, "gone", 7);

		later = AppFixture.create(temp.resolve("later"), 10);
		later.register(registry, "later", null);
		copy(registry, "later", 0, "night", 7);
	}

	private static void sftpTarget(DynamicPropertyRegistry registry, String id, String fingerprint, int port,
			String retries, String backoff) {
		String key = "mamori.targets." + id;
		registry.add(key + ".type", () -> "sftp");
		registry.add(key + ".host", () -> "127.0.0.1");
		registry.add(key + ".port", () -> port);
		registry.add(key + ".user", sftp::user);
		registry.add(key + ".path", () -> sftp.root().toString());
		registry.add(key + ".host-key", () -> fingerprint);
		registry.add(key + ".key-file", () -> sftp.userKey().toString());
		registry.add(key + ".retries", () -> retries);
		registry.add(key + ".retry-backoff", () -> backoff);
		registry.add(key + ".timeout", () -> "5s");
	}

	private static void copy(DynamicPropertyRegistry registry, String app, int index, String target, int keepLast) {
		String key = "mamori.apps." + app + ".backup.copies[" + index + "]";
		registry.add(key + ".target", () -> target);
		registry.add(key + ".retention.keep-last", () -> keepLast);
		registry.add(key + ".retention.keep-daily", () -> 0);
		registry.add(key + ".retention.keep-weekly", () -> 0);
		registry.add(key + ".retention.keep-monthly", () -> 0);
		registry.add(key + ".retention.min-good", () -> 1);
	}

	private static int closedPort() throws Exception {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@AfterAll
	static void stop() throws Exception {
		mail.stop();
		if (sftp != null) {
			sftp.close();
		}
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void eachGoodBackupIsCopiedVerifiedToSftpAndS3AndEachTargetKeepsWhatItsOwnRetentionSays() throws Exception {
		SnapshotView first = backup("ecm");
		awaitCopy("ecm", first.name(), "nas", CopyState.GOOD);
		awaitCopy("ecm", first.name(), "cloud", CopyState.GOOD);

		List<CopyService.Location> locations = this.copies.locations("ecm", first.name());
		assertThat(locations).extracting(CopyService.Location::where).containsExactly("local", "nas", "cloud");
		assertThat(locations).extracting(CopyService.Location::state).containsExactly("GOOD", "GOOD", "GOOD");
		assertThat(locations.get(2).location()).isEqualTo("s3://offsite/mamori/ecm/" + first.name());

		// The bytes on each server are the archive's, with both sidecars; the SFTP copy is 0600.
		Path onSftp = sftp.root().resolve("ecm").resolve(first.name());
		Path onS3 = s3.bucketDirectory().resolve("mamori/ecm").resolve(first.name());
		assertThat(sha256(onSftp)).isEqualTo(first.sha256());
		assertThat(sha256(onS3)).isEqualTo(first.sha256());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(onSftp))).isEqualTo("rw-------");
		for (String suffix : List.of(".manifest.json", ".sha256")) {
			assertThat(sftp.root().resolve("ecm").resolve(first.name() + suffix)).exists();
			assertThat(s3.bucketDirectory().resolve("mamori/ecm").resolve(first.name() + suffix)).exists();
		}
		// The row is marked GOOD before the audit entry and the gauges follow on the copying thread.
		await(() -> audited("COPY_SUCCEEDED", "ecm").size() >= 2
				&& gauge("mamori.copy.last.good", "ecm", "cloud") > 0, "both copies audited and measured");
		assertThat(gauge("mamori.copy.last.good", "ecm", "cloud")).isEqualTo(first.createdAt().getEpochSecond());
		assertThat(gauge("mamori.copy.failing", "ecm", "nas")).isZero();

		SnapshotView second = backup("ecm");
		awaitCopy("ecm", second.name(), "nas", CopyState.GOOD);
		awaitCopy("ecm", second.name(), "cloud", CopyState.GOOD);
		SnapshotView third = backup("ecm");
		awaitCopy("ecm", third.name(), "nas", CopyState.GOOD);
		awaitCopy("ecm", third.name(), "cloud", CopyState.GOOD);

		// nas keeps the newest only; cloud keeps all three; the drive keeps all three.
		await(() -> this.copies.listRemote("ecm", "nas").equals(List.of(third.name()))
				&& audited("COPY_PRUNED", "ecm").size() == 2, "nas pruned to the newest (deleted, then audited)");
		assertThat(this.copies.listRemote("ecm", "cloud")).containsExactly(first.name(), second.name(), third.name());
		assertThat(this.backups.snapshots("ecm")).extracting(SnapshotView::name)
			.contains(first.name(), second.name(), third.name());
		assertThat(onSftp).doesNotExist();
		assertThat(this.copies.locations("ecm", first.name())).extracting(CopyService.Location::where)
			.containsExactly("local", "cloud");
		assertThat(audited("COPY_PRUNED", "ecm")).hasSize(2);
	}

	@Test
	void anSftpServerKilledMidUploadLeavesNothingListedAndTheCopyCompletesWhenItIsBack() throws Exception {
		SnapshotView snapshot = backup("big");
		assertThat(snapshot.sizeBytes()).isGreaterThan(19L * 1024 * 1024);
		Path partial = sftp.root().resolve("big").resolve(snapshot.name() + ".partial");
		// 2 MB/s: the upload takes about ten seconds; kill the server once a part has arrived.
		await(() -> Files.exists(partial) && Files.size(partial) > 2L * 1024 * 1024, "upload under way");
		sftp.kill();
		try {
			awaitCopy("big", snapshot.name(), "nas", CopyState.RETRYING);
			try (Stream<Path> files = Files.list(sftp.root().resolve("big"))) {
				assertThat(files.map((p) -> p.getFileName().toString()))
					.as("only the partial upload is there: nothing is listed")
					.allMatch((name) -> name.endsWith(".partial"));
			}
			assertThat(this.backups.snapshot(snapshot.id()).status()).as("the local backup").isEqualTo(SnapshotStatus.GOOD);
		}
		finally {
			sftp.startAgain();
		}
		awaitCopy("big", snapshot.name(), "nas", CopyState.GOOD);
		CopyView copy = find("big", snapshot.name(), "nas");
		assertThat(copy.attempts()).isGreaterThanOrEqualTo(2);
		assertThat(sha256(sftp.root().resolve("big").resolve(snapshot.name()))).isEqualTo(snapshot.sha256());
		assertThat(partial).doesNotExist();
		assertThat(this.copies.listRemote("big", "nas")).containsExactly(snapshot.name());
		assertThat(audited("COPY_RETRY", "big")).isNotEmpty();
	}

	@Test
	void aTargetThatStaysUnreachableIsAlertedAfterItsRetriesAndTheLocalBackupStaysGood() throws Exception {
		SnapshotView snapshot = backup("lost");
		awaitCopy("lost", snapshot.name(), "gone", CopyState.FAILED);
		CopyView copy = find("lost", snapshot.name(), "gone");
		assertThat(copy.attempts()).isEqualTo(2);
		assertThat(copy.lastError()).isNotBlank();
		// The row is marked FAILED (and flushed) before the audit entry and the event follow on the same thread.
		await(() -> this.events.failed.stream().anyMatch((event) -> "lost".equals(event.appId())), "the failure event");
		assertThat(this.events.failed).anySatisfy((event) -> {
			assertThat(event.appId()).isEqualTo("lost");
			assertThat(event.target()).isEqualTo("gone");
			assertThat(event.snapshotName()).isEqualTo(snapshot.name());
			assertThat(event.attempts()).isEqualTo(2);
		});
		assertThat(audited("COPY_FAILED", "lost")).hasSize(1);
		await(() -> mail.withSubject("[Mamori] OFF-SITE COPY FAILED: Test app lost").size() == 1, "the alert mail");
		assertThat(Mailbox.body(mail.withSubject("[Mamori] OFF-SITE COPY FAILED").get(0))).contains(snapshot.name())
			.contains("gone")
			.contains("The local snapshot is unchanged");
		assertThat(gauge("mamori.copy.failing", "lost", "gone")).isEqualTo(1);
		assertThat(this.backups.snapshot(snapshot.id()).status()).isEqualTo(SnapshotStatus.GOOD);
		assertThat(this.copies.locations("lost", snapshot.name())).extracting(CopyService.Location::state)
			.containsExactly("GOOD", "FAILED");
	}

	@Test
	void aTargetsTimeWindowOutsideNowDefersItsCopies() throws Exception {
		SnapshotView snapshot = backup("later");
		awaitCopy("later", snapshot.name(), "night", CopyState.WAITING);
		Thread.sleep(2000);
		assertThat(find("later", snapshot.name(), "night").state()).isEqualTo(CopyState.WAITING);
		assertThat(find("later", snapshot.name(), "night").attempts()).isZero();
		assertThat(sftp.root().resolve("later")).doesNotExist();
	}

	private List<dev.mamori.core.audit.AuditRecord> audited(String action, String app) {
		return this.audit.search(new AuditQuery(null, action, null, null), PageRequest.of(0, 100))
			.getContent()
			.stream()
			.filter((r) -> app.equals(r.target()))
			.toList();
	}

	private SnapshotView backup(String app) {
		BackupRunView run = this.backups.runAndWait(app, "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
		SnapshotView snapshot = this.backups.snapshot(run.snapshotId());
		assertThat(snapshot.status()).isEqualTo(SnapshotStatus.GOOD);
		return snapshot;
	}

	private CopyView find(String app, String name, String target) {
		return this.copies.copies(app).stream()
			.filter((c) -> c.snapshotName().equals(name) && c.target().equals(target))
			.findFirst()
			.orElse(null);
	}

	private void awaitCopy(String app, String name, String target, CopyState state) throws Exception {
		await(() -> {
			CopyView copy = find(app, name, target);
			return copy != null && copy.state() == state;
		}, name + " on " + target + " becomes " + state + " (now " + find(app, name, target) + ")");
	}

	private double gauge(String name, String app, String target) {
		return this.meters.get(name).tag("app", app).tag("target", target).gauge().value();
	}

	private static void await(Check check, String what) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (!check.ok()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out waiting: " + what);
			}
			Thread.sleep(100);
		}
	}

	private static String sha256(Path file) throws Exception {
		try (InputStream in = Files.newInputStream(file)) {
			return Copier.sha256(in, java.io.OutputStream.nullOutputStream());
		}
	}

	@FunctionalInterface
	interface Check {

		boolean ok() throws Exception;

	}

	@TestConfiguration
	static class Events {

		final List<CopyFailed> failed = new java.util.concurrent.CopyOnWriteArrayList<>();

		@EventListener
		void on(CopyFailed event) {
			this.failed.add(event);
		}

	}

}
