package dev.mamori.backup.offsite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import dev.mamori.backup.BackupService;
import dev.mamori.backup.RestoreService;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.S3Server;
import dev.mamori.support.UiSession;
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
 * Issue 16: a snapshot that retention pruned from the drive (its catalog row and archive gone; only
 * its verified copy on a real S3 API server is left) is restored through the API by its archive name
 * and a chosen location; only ADMIN may (VIEWER and OPERATOR get 403 from the API and the wizard's
 * form, and nothing is touched); a wrong location or name is refused naming the field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class PrunedOffsiteRestoreTests {

	static final String ACCESS_ENV = "MAMORI_TEST_PRUNED_S3_ACCESS";

	static final String SECRET_ENV = "MAMORI_TEST_PRUNED_S3_SECRET";

	@TempDir
	static Path temp;

	static S3Server s3;

	static AppFixture ecm;

	@LocalServerPort
	int port;

	@Autowired
	CopyService copies;

	@Autowired
	BackupService backups;

	@Autowired
	RestoreService restores;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void configure(DynamicPropertyRegistry registry) throws Exception {
		s3 = S3Server.start(temp.resolve("s3"));
		s3.registerTarget(registry, "cloud", ACCESS_ENV, SECRET_ENV);
		ecm = AppFixture.create(temp.resolve("ecm"), 300);
		ecm.register(registry, "ecm", null);
		// Locally only the newest is kept; the target keeps them all.
		registry.add("mamori.apps.ecm.backup.retention.keep-last", () -> "1");
		registry.add("mamori.apps.ecm.backup.retention.keep-daily", () -> "0");
		registry.add("mamori.apps.ecm.backup.retention.keep-weekly", () -> "0");
		registry.add("mamori.apps.ecm.backup.retention.keep-monthly", () -> "0");
		registry.add("mamori.apps.ecm.backup.retention.min-good", () -> "1");
		registry.add("mamori.apps.ecm.backup.copies[0].target", () -> "cloud");
		registry.add("mamori.apps.ecm.backup.copies[0].retention.keep-last", () -> "10");
	}

	@AfterAll
	static void stop() throws Exception {
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void aSnapshotPrunedByRetentionIsRestoredFromTheTargetByAnAdminOnly() throws Exception {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http api = Http.on(this.port);
		String first = backUpAndCopy(api, admin);
		String env = Files.readString(ecm.env);

		// The data changes; the next good backup prunes the first one from the drive by retention.
		Files.writeString(ecm.env, "DATABASE=other.db\n");
		deleteRowsAbove(100);
		String second = backUpAndCopy(api, admin);
		assertThat(this.backups.snapshots("ecm")).extracting((s) -> s.name()).containsExactly(second);
		assertThat(ecm.destination.resolve(first)).as("pruned from the drive").doesNotExist();
		assertThat(ArchiveFiles.manifestOf(ecm.destination.resolve(first))).doesNotExist();
		assertThat(api.get("/api/audit?action=SNAPSHOT_PRUNED", admin).body()).contains(first);

		// Roles below ADMIN cannot restore from off-site: not through the API, not through the wizard.
		String body = "{\"snapshotName\":\"" + first + "\",\"from\":\"cloud\",\"confirm\":\"ecm\"}";
		for (Role role : new Role[] { Role.VIEWER, Role.OPERATOR }) {
			Auth auth = RoleUsers.ensure(this.users, role);
			assertThat(api.post("/api/apps/ecm/restores", auth, body).status()).as(role.name()).isEqualTo(403);
			UiSession ui = UiSession.login(this.port, RoleUsers.username(role), RoleUsers.password(role), "en");
			assertThat(ui.get("/apps/ecm/restore?snapshot=" + first, "en").status()).as(role.name()).isEqualTo(403);
			assertThat(ui.post("/apps/ecm/restores", Map.of("snapshot", first, "from", "cloud", "sources", "env", "confirm",
					"ecm"), "en").status()).as(role.name()).isEqualTo(403);
		}
		assertThat(this.restores.history("ecm")).as("nothing started").isEmpty();
		assertThat(ecm.rows()).isEqualTo(100);

		// Wrong requests are refused naming the field, and change nothing.
		Http.Response local = api.post("/api/apps/ecm/restores", admin,
				"{\"snapshotName\":\"" + first + "\",\"from\":\"local\",\"confirm\":\"ecm\"}");
		assertThat(local.status()).as(local.body()).isEqualTo(400);
		assertThat(local.header("Content-Type")).contains("application/problem+json");
		assertThat(local.body()).contains("from").contains("is not in").contains("good copies are on: cloud");
		Http.Response nowhere = api.post("/api/apps/ecm/restores", admin,
				"{\"snapshotName\":\"ecm_19990101_000000.tar.zst\",\"confirm\":\"ecm\"}");
		assertThat(nowhere.status()).isEqualTo(400);
		assertThat(nowhere.body()).contains("snapshotName").contains("no snapshot named ecm_19990101_000000.tar.zst");
		Http.Response neither = api.post("/api/apps/ecm/restores", admin, "{\"confirm\":\"ecm\"}");
		assertThat(neither.status()).isEqualTo(400);
		assertThat(neither.body()).contains("snapshotName");
		Http.Response otherTarget = api.post("/api/apps/ecm/restores", admin,
				"{\"snapshotName\":\"" + first + "\",\"from\":\"elsewhere\",\"confirm\":\"ecm\"}");
		assertThat(otherTarget.status()).isEqualTo(400);
		assertThat(otherTarget.body()).contains("target 'elsewhere' holds no good copy of " + first);
		assertThat(this.restores.history("ecm")).isEmpty();

		// The dry run says where the archive will come from.
		JsonNode plan = api.post("/api/apps/ecm/restores", admin, "{\"snapshotName\":\"" + first
				+ "\",\"confirm\":\"ecm\",\"dryRun\":true}").json();
		assertThat(plan.get("from").asString()).isEqualTo("cloud");
		assertThat(plan.get("fromLocation").asString()).isEqualTo("s3://offsite/mamori/ecm/" + first);
		assertThat(plan.get("snapshot").get("name").asString()).isEqualTo(first);
		assertThat(plan.get("sources")).hasSize(3);
		assertThat(plan.get("sources").get(0).get("snapshotBytes").asLong()).as("sizes from the copy's catalog row")
			.isPositive();

		// ADMIN restores it: downloaded into staging, verified, the normal restore; the report says from where.
		Http.Response restore = api.post("/api/apps/ecm/restores", admin, body);
		assertThat(restore.status()).as(restore.body()).isEqualTo(202);
		long restoreId = restore.json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(
				() -> !"RUNNING".equals(api.get("/api/restores/" + restoreId, admin).json().get("status").asString()));
		JsonNode done = api.get("/api/restores/" + restoreId, admin).json();
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(done.get("snapshotName").asString()).isEqualTo(first);
		assertThat(Files.readString(ecm.env)).isEqualTo(env);
		assertThat(ecm.rows()).isEqualTo(300);
		String report = api.get("/api/restores/" + restoreId + "/report", admin).body();
		assertThat(report).contains("FETCH_OFFSITE")
			.contains("downloaded from s3://offsite/mamori/ecm/" + first + " (target cloud)")
			.contains("SHA-256 verified");
		assertThat(ecm.destination.resolve(first)).as("staged, not put back on the drive").doesNotExist();
		assertThat(api.get("/api/audit?action=COPY_DOWNLOADED", admin).body()).contains(first);
	}

	@Test
	void aSnapshotStillOnTheDriveCanBeReadFromTheTargetInstead() throws Exception {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http api = Http.on(this.port);
		String name = backUpAndCopy(api, admin);
		long id = this.backups.snapshots("ecm").stream().filter((s) -> s.name().equals(name)).findFirst().orElseThrow().id();

		JsonNode local = api.post("/api/apps/ecm/restores", admin, "{\"snapshot\":" + id
				+ ",\"confirm\":\"ecm\",\"dryRun\":true}").json();
		assertThat(local.get("from").asString()).isEqualTo("local");
		JsonNode remote = api.post("/api/apps/ecm/restores", admin, "{\"snapshot\":" + id
				+ ",\"from\":\"cloud\",\"confirm\":\"ecm\",\"dryRun\":true}").json();
		assertThat(remote.get("from").asString()).isEqualTo("cloud");
		assertThat(remote.get("fromLocation").asString()).isEqualTo("s3://offsite/mamori/ecm/" + name);
		Http.Response mismatch = api.post("/api/apps/ecm/restores", admin, "{\"snapshot\":" + id
				+ ",\"snapshotName\":\"other.tar.zst\",\"confirm\":\"ecm\",\"dryRun\":true}");
		assertThat(mismatch.status()).isEqualTo(400);
		assertThat(mismatch.body()).contains("snapshotName").contains("not other.tar.zst");
	}

	private String backUpAndCopy(Http api, Auth admin) {
		long run = api.post("/api/apps/ecm/backups", admin, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(
				() -> !"RUNNING".equals(api.get("/api/backup-runs/" + run, admin).json().get("status").asString()));
		JsonNode done = api.get("/api/backup-runs/" + run, admin).json();
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		String name = api.get("/api/snapshots/" + done.get("snapshotId").asLong(), admin).json().get("name").asString();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.copies.copies("ecm").stream()
			.anyMatch((c) -> c.snapshotName().equals(name) && c.state() == CopyState.GOOD));
		return name;
	}

	static void deleteRowsAbove(int id) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + ecm.database);
				Statement statement = connection.createStatement()) {
			statement.execute("delete from items where id > " + id);
		}
	}

}
