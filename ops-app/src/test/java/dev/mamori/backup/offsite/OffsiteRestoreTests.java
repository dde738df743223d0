package dev.mamori.backup.offsite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.S3Server;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
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
 * A snapshot whose archive is no longer on the drive is restored through the API from its verified
 * copy on a real S3 API server: downloaded into staging, checked, then the normal restore; the report
 * says where it came from.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class OffsiteRestoreTests {

	static final String ACCESS_ENV = "MAMORI_TEST_RESTORE_S3_ACCESS";

	static final String SECRET_ENV = "MAMORI_TEST_RESTORE_S3_SECRET";

	@TempDir
	static Path temp;

	static S3Server s3;

	static AppFixture ecm;

	@LocalServerPort
	int port;

	@Autowired
	CopyService copies;

	@Autowired
	dev.mamori.backup.BackupService backups;

	@DynamicPropertySource
	static void configure(DynamicPropertyRegistry registry) throws Exception {
		s3 = S3Server.start(temp.resolve("s3"));
		// Its own data directory: the restore lock and journal are not shared with the restores of other
		// cached test contexts of the same app id (one still running there made this restore fail at its lock).
		registry.add("mamori.data-dir", () -> temp.resolve("data").toString());
		s3.registerTarget(registry, "cloud", ACCESS_ENV, SECRET_ENV);
		ecm = AppFixture.create(temp.resolve("ecm"), 300);
		ecm.register(registry, "ecm", null);
		registry.add("mamori.apps.ecm.backup.copies[0].target", () -> "cloud");
	}

	@AfterAll
	static void stop() throws Exception {
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void aSnapshotWhoseArchiveIsGoneFromTheDriveIsRestoredThroughTheApiFromS3() throws Exception {
		Auth admin = Auth.basic("admin", "admin-password-1");
		Http api = Http.on(this.port);
		long run = api.post("/api/apps/ecm/backups", admin, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(
				() -> "SUCCEEDED".equals(api.get("/api/backup-runs/" + run, admin).json().get("status").asString()));
		long snapshotId = api.get("/api/backup-runs/" + run, admin).json().get("snapshotId").asLong();
		JsonNode snapshot = api.get("/api/snapshots/" + snapshotId, admin).json();
		String name = snapshot.get("name").asString();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.copies.copies("ecm").stream()
			.anyMatch((c) -> c.snapshotName().equals(name) && c.state() == CopyState.GOOD));

		// The data changes after the backup, and the archive vanishes from the drive.
		String env = Files.readString(ecm.env);
		Files.writeString(ecm.env, "DATABASE=other.db\n");
		Path archive = ecm.destination.resolve(name);
		Files.delete(archive);
		Files.delete(ArchiveFiles.manifestOf(archive));
		Files.delete(ArchiveFiles.checksumOf(archive));
		// Gone from the drive, the name stays taken: the pre-restore archive of the restore below may be
		// written in the same second and must not reuse it (CI once saw exactly that).
		assertThat(this.backups.nameInUse("ecm", name)).isTrue();
		assertThat(this.backups.nameInUse("ecm", "ecm_19990101_000000.tar.zst")).isFalse();

		Http.Response restore = api.post("/api/apps/ecm/restores", admin,
				"{\"snapshot\":" + snapshotId + ",\"sources\":[\"env\"],\"confirm\":\"ecm\"}");
		assertThat(restore.status()).as(restore.body()).isEqualTo(202);
		long restoreId = restore.json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
			String status = api.get("/api/restores/" + restoreId, admin).json().get("status").asString();
			return !"RUNNING".equals(status);
		});
		JsonNode done = api.get("/api/restores/" + restoreId, admin).json();
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(Files.readString(ecm.env)).isEqualTo(env);

		String report = api.get("/api/restores/" + restoreId + "/report", admin).body();
		assertThat(report).contains("FETCH_OFFSITE")
			.contains("downloaded from s3://offsite/mamori/ecm/" + name + " (target cloud)")
			.contains("SHA-256 verified");
		assertThat(archive).as("the download was staged, not put on the drive").doesNotExist();
		try (var left = Files.list(ecm.destination)) {
			assertThat(left.map((p) -> p.getFileName().toString())).noneMatch((f) -> f.startsWith("offsite-"));
		}
	}

	@Test
	void aSnapshotThatIsNowhereIsRefusedWithAClearProblem() throws Exception {
		Auth admin = Auth.basic("admin", "admin-password-1");
		Http api = Http.on(this.port);
		long run = api.post("/api/apps/ecm/backups", admin, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(
				() -> "SUCCEEDED".equals(api.get("/api/backup-runs/" + run, admin).json().get("status").asString()));
		long snapshotId = api.get("/api/backup-runs/" + run, admin).json().get("snapshotId").asLong();
		String name = api.get("/api/snapshots/" + snapshotId, admin).json().get("name").asString();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.copies.copies("ecm").stream()
			.anyMatch((c) -> c.snapshotName().equals(name) && c.state() == CopyState.GOOD));
		Path archive = ecm.destination.resolve(name);
		Files.delete(archive);
		// The off-site copy is gone too (deleted on the server behind Mamori's back).
		Files.delete(s3.bucketDirectory().resolve("mamori/ecm").resolve(name));

		Http.Response restore = api.post("/api/apps/ecm/restores", admin,
				"{\"snapshot\":" + snapshotId + ",\"sources\":[\"env\"],\"confirm\":\"ecm\"}");
		assertThat(restore.status()).as(restore.body()).isEqualTo(400);
		assertThat(restore.header("Content-Type")).contains("application/problem+json");
		assertThat(restore.body()).contains("is not in").contains("off-site copy could not be downloaded");
	}

}
