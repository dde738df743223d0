package dev.mamori.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.Mailbox;
import dev.mamori.support.RoleUsers;
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
 * Backups meet monitoring through core events and the catalog view: a failed backup run sends an
 * alert email; a backup-freshness monitor is UP after a good backup and opens an incident once the
 * newest good snapshot is older than its limit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BackupAlertTests {

	@TempDir
	static Path temp;

	static AppFixture ecm;

	static final Mailbox mail = new Mailbox();

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ecm = AppFixture.create(temp.resolve("ecm"), 50);
		ecm.register(registry, "ecm", null);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
		registry.add("mamori.notifications.email.language", () -> "ja");
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		registry.add("mamori.monitors.ecm-backup.type", () -> "backup-freshness");
		registry.add("mamori.monitors.ecm-backup.app", () -> "ecm");
		registry.add("mamori.monitors.ecm-backup.max-age", () -> "4s");
		registry.add("mamori.monitors.ecm-backup.interval", () -> "250ms");
		registry.add("mamori.monitors.ecm-backup.timeout", () -> "200ms");
		registry.add("mamori.monitors.ecm-backup.failure-threshold", () -> "1");
		registry.add("mamori.monitors.ecm-backup.success-threshold", () -> "1");
	}

	@AfterAll
	static void stop() {
		mail.stop();
	}

	@Test
	void aFailedBackupSendsAnAlertAndAStaleBackupOpensAnIncident() throws Exception {
		Http http = Http.on(this.port);
		Auth operator = RoleUsers.ensure(this.users, Role.OPERATOR);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		long monitor = http.get("/api/monitors", viewer).json().get(0).get("id").asLong();
		// No backup yet: that is already an incident.
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> http.get("/api/incidents?open=true&monitor=" + monitor, viewer).json().size() == 1);
		assertThat(http.get("/api/incidents?monitor=" + monitor, viewer).json().get(0).get("firstError").asString())
			.isEqualTo("app ecm has no good backup");

		// The wrong drive is plugged in: the run fails and an alert goes out (in Japanese, as configured).
		Path marker = ecm.destination.resolve(".mamori-destination");
		Files.writeString(marker, "SOME-OTHER-DRIVE\n");
		long failed = http.post("/api/apps/ecm/backups", operator, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(30))
			.until(() -> "FAILED".equals(http.get("/api/backup-runs/" + failed, viewer).json().get("status").asString()));
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> mail.withSubject("[Mamori] バックアップ失敗: Test app ecm").size() == 1);
		assertThat(Mailbox.body(mail.withSubject("[Mamori] バックアップ失敗").get(0))).contains("SOME-OTHER-DRIVE")
			.contains("アプリ: Test app ecm (ecm)");

		// The right drive: a good backup makes the freshness monitor UP...
		Files.writeString(marker, AppFixture.MARKER + "\n");
		long good = http.post("/api/apps/ecm/backups", operator, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(http.get("/api/backup-runs/" + good, viewer).json().get("status").asString()));
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.until(() -> "UP".equals(http.get("/api/monitors/" + monitor, viewer).json().get("state").asString()));

		assertThat(http.get("/api/incidents?open=true&monitor=" + monitor, viewer).json()).isEmpty();

		// ...and once that snapshot is older than four seconds, a new incident opens.
		Awaitility.await().atMost(Duration.ofSeconds(15))
			.until(() -> http.get("/api/incidents?open=true&monitor=" + monitor, viewer).json().size() == 1);
		JsonNode incident = http.get("/api/incidents?open=true&monitor=" + monitor, viewer).json().get(0);
		assertThat(incident.get("firstError").asString()).startsWith("newest good backup of ecm is").contains("limit 4 s");
		assertThat(incident.get("appId").asString()).isEqualTo("ecm");
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> mail.withSubject("[Mamori] 停止: ecm-backup (Test app ecm)").size() == 2);
		assertThat(mail.withSubject("[Mamori] 復旧: ecm-backup")).hasSize(1);
		assertThat(http.get("/api/incidents?monitor=" + monitor, viewer).json()).hasSize(2);
	}

}
