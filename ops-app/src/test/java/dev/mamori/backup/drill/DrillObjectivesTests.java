package dev.mamori.backup.drill;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.DrillService;
import dev.mamori.backup.RunStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.DrillAppCommand;
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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, acceptance 4 and 6: no drill passed within {@code max-age} gives one overdue alert and the
 * dashboard says so; an app with {@code rto: 1s} whose drill (restore plus booting a real copy) takes
 * longer shows the breach on its app page and dashboard, alerts once, and exports it to Prometheus.
 * Starting a drill needs OPERATOR: VIEWER gets 403 from the API and the form.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class DrillObjectivesTests {

	@TempDir
	static Path temp;

	static AppFixture app;

	static final Mailbox mail = new Mailbox();

	@LocalServerPort
	int port;

	@Autowired
	BackupService backups;

	@Autowired
	DrillService drills;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) throws Exception {
		app = AppFixture.create(temp.resolve("obj"), 200);
		app.register(registry, "obj", null);
		int bootPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			bootPort = socket.getLocalPort();
		}
		DrillAppCommand.register(registry, "obj-boot", bootPort, temp.resolve("boot.pid"));
		registry.add("mamori.apps.obj.drill.max-age", () -> "3s");
		registry.add("mamori.apps.obj.drill.scratch", () -> temp.resolve("scratch").toString());
		registry.add("mamori.apps.obj.drill.boot.command", () -> "obj-boot");
		registry.add("mamori.apps.obj.drill.boot.health-url", () -> "http://127.0.0.1:" + bootPort + "/health");
		registry.add("mamori.apps.obj.objectives.rto", () -> "1s");
		registry.add("mamori.apps.obj.objectives.rpo", () -> "1h");
		registry.add("mamori.drills.check-interval", () -> "1s");
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
	void anOverdueDrillIsAlertedOnceAndARestoreTimeOverTheRtoIsShownAndAlerted() throws Exception {
		BackupRunView backup = this.backups.runAndWait("obj", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(backup.status()).isEqualTo(RunStatus.SUCCEEDED);

		// Acceptance 4: no drill passed within 3 s: one alert, however many checks run after it.
		String overdue = "[Mamori] リストア訓練 期限切れ";
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mail.withSubject(overdue).isEmpty());
		Thread.sleep(3000);
		assertThat(mail.withSubject(overdue)).singleElement()
			.satisfies((m) -> assertThat(Mailbox.body(m)).contains("obj").contains("no drill passed within 3.0s"));
		RoleUsers.ensure(this.users, Role.VIEWER);
		UiSession viewer = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER), "en");
		String dashboard = viewer.get("/", "en").body();
		assertThat(dashboard).contains("drill-overdue").contains("Drill overdue").contains("never drilled");
		Http http = Http.on(this.port);
		assertThat(http.get("/api/apps/obj/recovery", RoleUsers.ensure(this.users, Role.VIEWER)).json().get("overdue")
			.asBoolean()).isTrue();
		Http.Response audit = http.get("/api/audit?action=DRILL_OVERDUE", RoleUsers.ensure(this.users, Role.ADMIN));
		assertThat(audit.json().get("totalElements").asLong()).isEqualTo(1);

		// Starting a drill: VIEWER refused by the API and the form; OPERATOR starts it.
		assertThat(http.post("/api/apps/obj/drills", RoleUsers.ensure(this.users, Role.VIEWER), "{}").status()).isEqualTo(403);
		assertThat(viewer.post("/apps/obj/drills", Map.of(), "en").status()).isEqualTo(403);
		assertThat(this.drills.history("obj")).isEmpty();
		Http.Response started = http.post("/api/apps/obj/drills", RoleUsers.ensure(this.users, Role.OPERATOR), "{}");
		assertThat(started.status()).isEqualTo(202);
		long id = started.json().get("id").asLong();
		assertThat(started.header("Location")).isEqualTo("/api/drills/" + id);
		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
			.until(() -> this.drills.run(id).finishedAt() != null);
		assertThat(this.drills.run(id).status()).as(String.valueOf(this.drills.run(id).error())).isEqualTo("PASSED");
		assertThat(this.drills.run(id).restoreTime()).as("restore and boot of a real copy take longer than 1 s")
			.isGreaterThan(Duration.ofSeconds(1));

		// Acceptance 6: the measured restore time is over the RTO of 1 s: shown and alerted once.
		String breached = "[Mamori] 復旧目標 未達";
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mail.withSubject(breached).isEmpty());
		assertThat(mail.withSubject(breached)).singleElement()
			.satisfies((m) -> assertThat(Mailbox.body(m)).contains("RTO 1.0s, measured restore time"));
		JsonNode recovery = http.get("/api/apps/obj/recovery", RoleUsers.ensure(this.users, Role.VIEWER)).json();
		assertThat(recovery.get("rtoBreached").asBoolean()).isTrue();
		assertThat(recovery.get("rpoBreached").asBoolean()).as("the backup is minutes old, the RPO is 1 h").isFalse();
		assertThat(recovery.get("measuredBy").asString()).isEqualTo(this.drills.run(id).reportNumber());
		String page = viewer.get("/apps/obj", "en").body();
		assertThat(page).contains("id=\"objective-rto\" data-breached=\"true\"").contains("not met")
			.contains("id=\"objective-rpo\" data-breached=\"false\"").contains(this.drills.run(id).reportNumber());
		String pageJa = viewer.get("/apps/obj", "ja").body();
		assertThat(pageJa).contains("復旧目標").contains("未達").contains("復元を確認済み");
		assertThat(viewer.get("/", "en").body()).contains("objective-rto").contains("data-breached=\"true\"");
		String metrics = http.get("/actuator/prometheus", RoleUsers.ensure(this.users, Role.ADMIN)).body();
		assertThat(metrics).contains("mamori_objective_breached{app=\"obj\",objective=\"rto\"} 1.0")
			.contains("mamori_objective_breached{app=\"obj\",objective=\"rpo\"} 0.0")
			.containsPattern("mamori_drill_last_success_timestamp_seconds\\{app=\"obj\"\\} [1-9]")
			.containsPattern("mamori_drill_restore_time_seconds\\{app=\"obj\"\\} [1-9]");
	}

}
