package dev.mamori.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
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
 * Issue 15, acceptance 5: after five normal backups, a backup taken after a table was emptied is
 * suspect with a reason naming the table, and retention with {@code min-good: 3} keeps three
 * snapshots that are not suspect.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class BackupAnomalyTests {

	@TempDir
	static Path temp;

	static AppFixture app;

	@LocalServerPort
	int port;

	@Autowired
	BackupService backups;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		app = AppFixture.create(temp.resolve("anm"), 300);
		app.register(registry, "anm", null);
		registry.add("mamori.apps.anm.backup.retention.keep-last", () -> "1");
		registry.add("mamori.apps.anm.backup.retention.keep-daily", () -> "0");
		registry.add("mamori.apps.anm.backup.retention.keep-weekly", () -> "0");
		registry.add("mamori.apps.anm.backup.retention.keep-monthly", () -> "0");
		registry.add("mamori.apps.anm.backup.retention.min-good", () -> "3");
	}

	@Test
	void aBackupOfAnEmptiedTableIsSuspectNamesTheTableAndRetentionKeepsThreeGoodOnes() throws Exception {
		for (int i = 0; i < 5; i++) {
			BackupRunView run = this.backups.runAndWait("anm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
			assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
		}
		List<SnapshotView> normal = this.backups.snapshots("anm");
		assertThat(normal).hasSize(3).noneMatch(SnapshotView::suspicious);

		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + app.database);
				Statement statement = connection.createStatement()) {
			statement.execute("delete from items");
		}
		BackupRunView emptied = this.backups.runAndWait("anm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(emptied.status()).as("the backup itself succeeds: the data is what it is").isEqualTo(RunStatus.SUCCEEDED);

		SnapshotView suspect = this.backups.snapshot(emptied.snapshotId());
		assertThat(suspect.status()).isEqualTo(SnapshotStatus.GOOD);
		assertThat(suspect.suspicious()).isTrue();
		assertThat(suspect.suspect()).anySatisfy((f) -> {
			assertThat(f.source()).isEqualTo("db");
			assertThat(f.table()).isEqualTo("items");
			assertThat(f.value()).isZero();
			assertThat(f.median()).isEqualTo(300);
		});

		List<SnapshotView> after = this.backups.snapshots("anm");
		assertThat(after).filteredOn((s) -> !s.suspicious()).as("min-good 3 counts only snapshots that are not suspect")
			.extracting(SnapshotView::name)
			.containsExactlyElementsOf(normal.stream().map(SnapshotView::name).toList());
		assertThat(after).filteredOn(SnapshotView::suspicious).extracting(SnapshotView::name).containsExactly(suspect.name());

		Http http = Http.on(this.port);
		JsonNode json = http.get("/api/snapshots/" + suspect.id(), RoleUsers.ensure(this.users, Role.VIEWER)).json();
		assertThat(json.get("suspect").get(0).get("kind").asString()).isEqualTo("ROWS");
		assertThat(json.get("suspect").get(0).get("table").asString()).isEqualTo("items");
		Http.Response audit = http.get("/api/audit?action=SNAPSHOT_SUSPECT", RoleUsers.ensure(this.users, Role.ADMIN));
		assertThat(audit.status()).isEqualTo(200);
		assertThat(audit.body()).contains(suspect.name()).contains("table items of source db: 0 rows");
	}

}
