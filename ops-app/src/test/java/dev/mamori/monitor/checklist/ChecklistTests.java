package dev.mamori.monitor.checklist;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;

import dev.mamori.backup.BackupService;
import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.testsupport.MutableClock;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.Mailbox;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TestClockConfiguration;
import dev.mamori.support.UiSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A weekly checklist with one automatic item (backup freshness) and one manual item, driven by a
 * test clock a week at a time: runs start by themselves, the automatic item ticks itself while the
 * real backup is fresh, the manual one is signed by an OPERATOR with a comment (audited), and a run
 * left unsigned past its deadline is alerted once by mail (GreenMail) and shown on the dashboard.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@Import(TestClockConfiguration.class)
@ActiveProfiles("test")
class ChecklistTests {

	@TempDir
	static Path temp;

	static final Mailbox mail = new Mailbox();

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	MutableClock clock;

	@Autowired
	ChecklistService checklists;

	@Autowired
	BackupService backups;

	@DynamicPropertySource
	static void config(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("ecm"), 10).register(registry, "ecm", null);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
		registry.add("mamori.notifications.email.language", () -> "ja");
		String key = "mamori.checklists.weekly-ops";
		registry.add(key + ".title.en", () -> "Weekly checks");
		registry.add(key + ".title.ja", () -> "週次点検");
		registry.add(key + ".app", () -> "ecm");
		registry.add(key + ".schedule", () -> "weekly");
		registry.add(key + ".due-after", () -> "2d");
		registry.add(key + ".items[0].id", () -> "backups");
		registry.add(key + ".items[0].title.en", () -> "Backups present");
		registry.add(key + ".items[0].title.ja", () -> "バックアップがある");
		registry.add(key + ".items[0].auto.backup-freshness.app", () -> "ecm");
		registry.add(key + ".items[0].auto.backup-freshness.max-age", () -> "8d");
		registry.add(key + ".items[1].id", () -> "logs");
		registry.add(key + ".items[1].title.en", () -> "Read the error logs");
		registry.add(key + ".items[1].title.ja", () -> "エラーログを確認");
	}

	@AfterAll
	static void stop() {
		mail.stop();
	}

	static boolean pinned;

	/**
	 * The weekly run's period starts on Monday at 09:00 and is due two days later: started on a real
	 * Wednesday afternoon, the run of the week would already be overdue. Both tests run in a week
	 * whose clock starts on Monday at 10:00, whatever the day the suite runs.
	 */
	@BeforeEach
	void mondayMorning() {
		if (pinned) {
			return;
		}
		pinned = true;
		ZonedDateTime now = this.clock.instant().atZone(ZoneId.systemDefault());
		ZonedDateTime monday = now.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
			.truncatedTo(ChronoUnit.DAYS)
			.withHour(10);
		if (monday.isAfter(now)) {
			monday = monday.minusWeeks(1);
		}
		this.clock.advance(Duration.between(now, monday));
	}

	@Test
	void aWeekAtATimeRunsStartAutomaticItemsTickAndAnUnsignedRunIsAlertedOnce() {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		Auth operator = RoleUsers.ensure(this.users, Role.OPERATOR);
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		assertThat(this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow().status().name())
			.isEqualTo("SUCCEEDED");

		// This week's run starts at once; the backup just made ticks its item.
		this.checklists.tick();
		JsonNode first = current(http, viewer);
		assertThat(item(first, "backups").get("done").asBoolean()).isTrue();
		assertThat(item(first, "backups").get("doneBy").asString()).isEqualTo("system");
		assertThat(item(first, "logs").get("done").asBoolean()).isFalse();
		long firstId = first.get("id").asLong();
		sign(http, operator, firstId, "logs", "no errors");
		assertThat(http.get("/api/checklist-runs/" + firstId, viewer).json().get("completedAt").isNull()).isFalse();

		// A week later: a new run; the week-old backup is still within 8 days.
		this.clock.advance(Duration.ofDays(7));
		this.checklists.tick();
		JsonNode second = current(http, viewer);
		assertThat(second.get("id").asLong()).isNotEqualTo(firstId);
		assertThat(Duration.between(java.time.Instant.parse(first.get("periodStart").asString()),
				java.time.Instant.parse(second.get("periodStart").asString()))).isEqualTo(Duration.ofDays(7));
		assertThat(item(second, "backups").get("done").asBoolean()).isTrue();
		assertThat(item(second, "logs").get("done").asBoolean()).isFalse();
		long secondId = second.get("id").asLong();

		// Signing: VIEWER may not; the automatic item cannot be signed by hand; comments are bounded.
		assertThat(http.post("/api/checklist-runs/" + secondId + "/items/logs/sign", viewer, "{}").status()).isEqualTo(403);
		assertThat(http.post("/api/checklist-runs/" + secondId + "/items/backups/sign", operator, "{}").status()).isEqualTo(409);
		assertThat(http.post("/api/checklist-runs/" + secondId + "/items/logs/sign", operator,
				"{\"comment\":\"" + "x".repeat(2001) + "\"}").status()).isEqualTo(400);
		assertThat(http.post("/api/checklist-runs/999999/items/logs/sign", operator, "{}").status()).isEqualTo(404);
		JsonNode signed = sign(http, operator, secondId, "logs", "2 timeouts, known, ticket #12");
		assertThat(item(signed, "logs").get("doneBy").asString()).isEqualTo("operator");
		assertThat(item(signed, "logs").get("comment").asString()).isEqualTo("2 timeouts, known, ticket #12");
		assertThat(signed.get("completedAt").isNull()).isFalse();
		assertThat(http.post("/api/checklist-runs/" + secondId + "/items/logs/sign", operator, "{}").status()).isEqualTo(409);
		String audit = http.get("/api/audit?action=CHECKLIST_SIGNED&actor=operator", admin).body();
		assertThat(audit).contains("weekly-ops").contains("2 timeouts, known, ticket #12");

		// Two weeks after the backup: the automatic item stays open; nobody signs; past the deadline
		// one alert goes out, however often the checklists are looked at.
		this.clock.advance(Duration.ofDays(7));
		this.checklists.tick();
		JsonNode third = current(http, viewer);
		long thirdId = third.get("id").asLong();
		assertThat(item(third, "backups").get("done").asBoolean()).isFalse();
		assertThat(mail.withSubject("[Mamori] チェックリスト期限切れ")).isEmpty();
		this.clock.advance(Duration.ofDays(2).plusHours(1));
		this.checklists.tick();
		this.checklists.tick();
		Awaitility.await().atMost(Duration.ofSeconds(30))
			.until(() -> mail.withSubject("[Mamori] チェックリスト期限切れ: Test app ecm").size() == 1);
		assertThat(Mailbox.body(mail.withSubject("[Mamori] チェックリスト期限切れ").get(0))).contains("週次点検")
			.contains("エラーログを確認")
			.contains("run " + thirdId);
		this.checklists.tick();
		assertThat(mail.withSubject("[Mamori] チェックリスト期限切れ")).hasSize(1);
		assertThat(http.get("/api/checklist-runs/" + thirdId, viewer).json().get("overdue").asBoolean()).isTrue();

		// The dashboard shows it; the history says who signed what.
		UiSession page = UiSession.login(this.port, "viewer", RoleUsers.password(Role.VIEWER), "en");
		String dashboard = page.get("/", "en").body();
		assertThat(dashboard).contains("checklists-overdue").contains("Weekly checks");
		String history = page.get("/checklists/weekly-ops", "en").body();
		assertThat(history).contains("Read the error logs: operator");
		assertThat(page.get("/checklist-runs/" + secondId, "en").body()).contains("2 timeouts, known, ticket #12")
			.doesNotContain("checklist-sign-button");
		String metrics = http.get("/actuator/prometheus", admin).body();
		assertThat(metrics).contains("mamori_checklists_overdue 1.0").contains("mamori_checklist_items_signed_total");
	}

	@Test
	void signingFormsAreRefusedToViewerAndWithoutTheCsrfToken() {
		RoleUsers.ensure(this.users, Role.VIEWER);
		this.checklists.tick();
		long run = current(Http.on(this.port), RoleUsers.ensure(this.users, Role.VIEWER)).get("id").asLong();
		UiSession viewer = UiSession.login(this.port, "viewer", RoleUsers.password(Role.VIEWER), "en");
		assertThat(viewer.get("/checklists", "en").body()).contains("Read the error logs").doesNotContain("checklist-sign-button");
		assertThat(viewer.post("/checklist-runs/" + run + "/items/logs/sign", Map.of("comment", "x"), "en").status())
			.isEqualTo(403);
		RoleUsers.ensure(this.users, Role.OPERATOR);
		UiSession operator = UiSession.login(this.port, "operator", RoleUsers.password(Role.OPERATOR), "en");
		assertThat(operator.postWithoutToken("/checklist-runs/" + run + "/items/logs/sign").status()).isEqualTo(403);
	}

	private static JsonNode current(Http http, Auth auth) {
		JsonNode list = http.get("/api/checklists", auth).json();
		assertThat(list.size()).isEqualTo(1);
		assertThat(list.get(0).get("id").asString()).isEqualTo("weekly-ops");
		return list.get(0).get("current");
	}

	private static JsonNode item(JsonNode run, String id) {
		for (JsonNode item : run.get("items")) {
			if (item.get("itemId").asString().equals(id)) {
				return item;
			}
		}
		throw new AssertionError("no item " + id + " in " + run);
	}

	private static JsonNode sign(Http http, Auth auth, long run, String item, String comment) {
		Http.Response response = http.post("/api/checklist-runs/" + run + "/items/" + item + "/sign", auth,
				"{\"comment\":\"" + comment + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

}
