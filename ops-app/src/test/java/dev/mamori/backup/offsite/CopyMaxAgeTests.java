package dev.mamori.backup.offsite;

import java.nio.file.Path;
import java.time.Duration;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RunStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.testsupport.MutableClock;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Mailbox;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.S3Server;
import dev.mamori.support.TestClockConfiguration;
import dev.mamori.support.UiSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, "off-site copy older than X": with {@code max-age: 2h} on the app's copy to a real S3 API
 * server, a fresh copy is fine; once the newest good copy there is older than that, the app page and
 * the dashboard show it as needing attention, one alert mail goes out and one audit event is written,
 * however often it is looked at, and {@code /actuator/health/offsiteCopies} is {@code STALE}; once a fresh copy is there again the condition clears, and the next
 * time it holds it is told again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
@Import(TestClockConfiguration.class)
class CopyMaxAgeTests {

	static final String ACCESS_ENV = "MAMORI_TEST_MAXAGE_S3_ACCESS";

	static final String SECRET_ENV = "MAMORI_TEST_MAXAGE_S3_SECRET";

	static final String SUBJECT = "[Mamori] OFF-SITE COPY TOO OLD";

	@TempDir
	static Path temp;

	static S3Server s3;

	static AppFixture app;

	static final Mailbox mail = new Mailbox();

	@LocalServerPort
	int port;

	@Autowired
	CopyWatch watch;

	@Autowired
	CopyService copies;

	@Autowired
	BackupService backups;

	@Autowired
	MutableClock clock;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void configure(DynamicPropertyRegistry registry) throws Exception {
		s3 = S3Server.start(temp.resolve("s3"));
		s3.registerTarget(registry, "cloud", ACCESS_ENV, SECRET_ENV);
		app = AppFixture.create(temp.resolve("aged"), 50);
		app.register(registry, "aged", null);
		registry.add("mamori.apps.aged.backup.copies[0].target", () -> "cloud");
		registry.add("mamori.apps.aged.backup.copies[0].max-age", () -> "2h");
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
	}

	@AfterAll
	static void stop() throws Exception {
		mail.stop();
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void anOffSiteCopyOlderThanItsMaxAgeNeedsAttentionAndIsAlertedOnce() throws Exception {
		BackupRunView backup = this.backups.runAndWait("aged", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(backup.status()).isEqualTo(RunStatus.SUCCEEDED);
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.copies.copies("aged").stream()
			.anyMatch((c) -> c.state() == CopyState.GOOD));

		// Fresh: nothing to say.
		assertThat(this.watch.evaluate()).isEmpty();
		CopySummary fresh = this.watch.summary("aged");
		assertThat(fresh.stale()).isFalse();
		assertThat(fresh.copies()).isEqualTo(2);
		assertThat(fresh.offsite()).isEqualTo(1);
		RoleUsers.ensure(this.users, Role.VIEWER);
		UiSession viewer = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER), "en");
		assertThat(viewer.get("/apps/aged", "en").body()).doesNotContain("id=\"copy-stale\"")
			.contains("data-where=\"cloud\" data-good=\"1\" data-stale=\"false\"");
		Http http = Http.on(this.port);
		Http.Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		assertThat(http.get("/actuator/health/offsiteCopies", admin).json().get("status").asString()).isEqualTo("UP");

		// Three hours later the newest copy on the target is older than 2 h.
		this.clock.advance(Duration.ofHours(3).plusMinutes(10));
		assertThat(this.watch.evaluate()).containsExactly("aged/cloud");
		assertThat(this.watch.evaluate()).as("told once").isEmpty();
		assertThat(this.watch.summary("aged").staleTargets()).containsExactly("cloud");
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mail.withSubject(SUBJECT).isEmpty());
		Thread.sleep(1000);
		assertThat(this.watch.evaluate()).isEmpty();
		assertThat(mail.withSubject(SUBJECT)).singleElement()
			.satisfies((m) -> assertThat(Mailbox.body(m)).contains("aged")
				.contains("older than the max-age 2h")
				.contains("The newest good off-site copy of this app on a target is older than its max-age"));
		Http.Response audit = http.get("/api/audit?action=COPY_STALE", admin);
		assertThat(audit.json().get("totalElements").asLong()).isEqualTo(1);
		viewer = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER), "en");
		assertThat(viewer.get("/apps/aged", "en").body()).contains("id=\"copy-stale\"").contains("Off-site copy too old")
			.contains("data-where=\"cloud\" data-good=\"1\" data-stale=\"true\"");
		Http.Response health = http.get("/actuator/health/offsiteCopies", admin);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("STALE");
		assertThat(health.json().get("details").get("stale").get("aged/cloud").get("maxAge").asString()).isEqualTo("PT2H");
		String dashboard = viewer.get("/", "en").body();
		assertThat(dashboard).contains("copy-stale").contains("data-color=\"amber\"");
		UiSession ja = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER), "ja");
		assertThat(ja.get("/apps/aged", "ja").body()).contains("オフサイトコピーが古すぎ").contains("3 時間前のもの");

		// Back in time (a fresh copy, as far as the watch can tell): cleared; stale again: told again.
		this.clock.reset();
		assertThat(this.watch.evaluate()).isEmpty();
		assertThat(this.watch.summary("aged").stale()).isFalse();
		assertThat(http.get("/actuator/health/offsiteCopies", admin).json().get("status").asString()).isEqualTo("UP");
		this.clock.advance(Duration.ofHours(3).plusMinutes(10));
		assertThat(this.watch.evaluate()).containsExactly("aged/cloud");
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mail.withSubject(SUBJECT).size() == 2);
	}

}
