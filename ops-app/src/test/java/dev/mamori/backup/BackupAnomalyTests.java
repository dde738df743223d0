package dev.mamori.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Mailbox;
import dev.mamori.support.RoleUsers;
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

	static final Mailbox mail = new Mailbox();

	@LocalServerPort
	int port;

	@Autowired
	BackupService backups;

	@Autowired
	UserService users;

	@Autowired
	DrillService drills;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		app = AppFixture.create(temp.resolve("anm"), 300);
		app.register(registry, "anm", null);
		registry.add("mamori.apps.anm.backup.retention.keep-last", () -> "1");
		registry.add("mamori.apps.anm.backup.retention.keep-daily", () -> "0");
		registry.add("mamori.apps.anm.backup.retention.keep-weekly", () -> "0");
		registry.add("mamori.apps.anm.backup.retention.keep-monthly", () -> "0");
		registry.add("mamori.apps.anm.backup.retention.min-good", () -> "3");
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
		registry.add("mamori.notifications.email.language", () -> "ja");
	}

	@AfterAll
	static void stopMail() {
		mail.stop();
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

		// One mail, in Japanese, names the snapshot and the table.
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mail.withSubject("[Mamori] バックアップ要確認").isEmpty());
		assertThat(mail.withSubject("[Mamori] バックアップ要確認")).singleElement().satisfies((m) -> assertThat(Mailbox.body(m))
			.contains(suspect.name()).contains("ソース db のテーブル items: 0 行 (直近の中央値 300 行)").contains("要確認"));
		assertThat(mail.withSubject("[Mamori] バックアップ失敗")).isEmpty();

		// The pages say so, in the reader's language: the app page, the snapshot page, the restore wizard.
		UiSession viewer = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER), "en");
		assertThat(viewer.get("/apps/anm", "en").body()).contains("snapshot-suspect");
		assertThat(viewer.get("/apps/anm/snapshots/" + suspect.id(), "en").body()).contains("id=\"snapshot-suspect\"")
			.contains("table items of source db: 0 rows (median of recent backups 300)");
		RoleUsers.ensure(this.users, Role.ADMIN);
		UiSession admin = UiSession.login(this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN), "ja");
		String wizard = admin.get("/apps/anm/restore?snapshot=" + suspect.id() + "&plan=true", "ja").body();
		assertThat(wizard).contains("id=\"suspect-warning\"").contains("このバックアップは要確認です")
			.contains("ソース db のテーブル items: 0 行");
		String other = admin.get("/apps/anm/restore?snapshot=" + normal.get(0).id() + "&plan=true", "ja").body();
		assertThat(other).as("a snapshot that is not suspect gets no such warning").doesNotContain("id=\"suspect-warning\"");

		// A drill of the suspect snapshot passes (it restores), and says that it is suspect.
		long drill = this.drills.start("anm", suspect.id(), Actor.SYSTEM).id();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.drills.run(drill).finishedAt() != null);
		assertThat(this.drills.run(drill).snapshotSuspect()).contains("table items of source db: 0 rows");
		assertThat(this.drills.report(drill, java.util.Locale.ENGLISH, java.time.ZoneId.of("UTC")))
			.contains("Snapshot marked SUSPECT").contains("table items of source db: 0 rows")
			.contains("proves it restores, not that its data is complete");
		assertThat(this.drills.report(drill, java.util.Locale.JAPANESE, java.time.ZoneId.of("UTC")))
			.contains("要確認のスナップショット").contains("ソース db のテーブル items: 0 行");
		assertThat(viewer.get("/drills/" + drill, "en").body()).contains("id=\"drill-suspect\"");
	}

}
