package dev.mamori.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.Mailbox;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TargetServer;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitoring end to end against a real HTTP server and a real SMTP server (GreenMail): thresholds,
 * incidents, emails to both recipients, the webhook, remediation that helps and remediation that
 * escalates, heartbeats, flapping and maintenance windows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MonitoringTests {

	static final TargetServer target = TargetServer.start();

	static final TargetServer.Endpoint web = target.endpoint("/web");

	static final TargetServer.Endpoint flap = target.endpoint("/flap").flapping();

	static final TargetServer.Endpoint healable = target.endpoint("/healable");

	static final TargetServer.Endpoint hopeless = target.endpoint("/hopeless").down();

	static final TargetServer.Endpoint quiet = target.endpoint("/quiet").down();

	static final TargetServer.Endpoint hook = target.endpoint("/hook");

	static final Mailbox mail = new Mailbox();

	static Path healthyFile;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	AuditLog audit;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void monitors(DynamicPropertyRegistry registry) throws Exception {
		healthyFile = Files.createTempDirectory("mamori-heal").resolve("healthy");
		healable.healthyWhileExists(healthyFile);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops1@example.test");
		registry.add("mamori.notifications.email.to[1]", () -> "ops2@example.test");
		registry.add("mamori.notifications.webhook.url", () -> target.url("/hook?key=webhook-secret-key"));
		registry.add("mamori.notifications.backoff", () -> "100ms");
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		// The heartbeat's period and grace are 1 s each; results gathered for the default 1 s would
		// leave too little of that window to see a ping's UP before the missed-ping DOWN.
		registry.add("mamori.monitoring.write-interval", () -> "100ms");
		registry.add("mamori.commands.heal.argv[0]", () -> "touch");
		registry.add("mamori.commands.heal.argv[1]", healthyFile::toString);
		registry.add("mamori.commands.never-helps.argv[0]", () -> "false");
		http(registry, "web", "/web", 3, 2);
		http(registry, "flappy", "/flap", 1, 2);
		http(registry, "healable", "/healable", 2, 1);
		registry.add("mamori.monitors.healable.remediation.command", () -> "heal");
		registry.add("mamori.monitors.healable.remediation.wait-after", () -> "200ms");
		http(registry, "hopeless", "/hopeless", 2, 1);
		registry.add("mamori.monitors.hopeless.remediation.command", () -> "never-helps");
		registry.add("mamori.monitors.hopeless.remediation.max-attempts", () -> "3");
		registry.add("mamori.monitors.hopeless.remediation.wait-after", () -> "100ms");
		registry.add("mamori.monitors.hopeless.critical", () -> "true");
		http(registry, "quiet", "/quiet", 1, 1);
		registry.add("mamori.monitors.quiet.maintenance[0].start", () -> Instant.now().minusSeconds(3600).toString());
		registry.add("mamori.monitors.quiet.maintenance[0].end", () -> Instant.now().plusSeconds(3600).toString());
		registry.add("mamori.monitors.cron-job.type", () -> "heartbeat");
		registry.add("mamori.monitors.cron-job.interval", () -> "200ms");
		registry.add("mamori.monitors.cron-job.timeout", () -> "100ms");
		registry.add("mamori.monitors.cron-job.period", () -> "1s");
		registry.add("mamori.monitors.cron-job.grace", () -> "1s");
	}

	private static void http(DynamicPropertyRegistry registry, String name, String path, int failures, int successes) {
		String key = "mamori.monitors." + name;
		registry.add(key + ".type", () -> "http");
		registry.add(key + ".url", () -> target.url(path));
		registry.add(key + ".interval", () -> "200ms");
		registry.add(key + ".timeout", () -> "150ms");
		registry.add(key + ".failure-threshold", () -> Integer.toString(failures));
		registry.add(key + ".success-threshold", () -> Integer.toString(successes));
	}

	@AfterAll
	static void stop() {
		target.close();
		mail.stop();
	}

	@Test
	void aTargetThatGoesDownIsDownAfterExactlyTheThresholdAndUpOnlyAfterTheSuccessThreshold() {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		long id = monitorId(http, "web");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(state(http, id)));

		List<String> seen = new ArrayList<>(List.of("UP"));
		web.down();
		Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
			String state = state(http, id);
			if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
				seen.add(state);
			}
			return "DOWN".equals(state);
		});
		assertThat(seen).containsSubsequence("UP", "PENDING", "DOWN");
		JsonNode incidents = http.get("/api/incidents?open=true&monitor=" + id, viewer).json();
		assertThat(incidents).hasSize(1);
		Instant opened = Instant.parse(incidents.get(0).get("openedAt").asString());
		List<JsonNode> before = results(http, id, opened);
		// Newest first: the result that opened the incident is the third failure after a success.
		assertThat(before.subList(0, 4)).extracting((r) -> r.get("up").asBoolean()).containsExactly(false, false, false, true);
		assertThat(Instant.parse(before.get(0).get("checkedAt").asString())).isEqualTo(opened);

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mail.withSubject("[Mamori] DOWN: web").size() == 2);
		List<MimeMessage> down = mail.withSubject("[Mamori] DOWN: web");
		assertThat(down.stream().flatMap((m) -> Mailbox.to(m).stream()).distinct())
			.containsExactlyInAnyOrder("ops1@example.test", "ops2@example.test");
		assertThat(Mailbox.body(down.get(0))).contains("HTTP 503").contains("web");

		web.up();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(state(http, id)));
		JsonNode closed = http.get("/api/incidents/" + incidents.get(0).get("id").asLong(), viewer).json();
		assertThat(closed.get("closedAt").isNull()).isFalse();
		assertThat(closed.get("durationMs").asLong()).isPositive();
		Instant closedAt = Instant.parse(closed.get("closedAt").asString());
		List<JsonNode> recovery = results(http, id, closedAt);
		assertThat(recovery.subList(0, 3)).extracting((r) -> r.get("up").asBoolean()).containsExactly(true, true, false);
		assertThat(closed.get("timeline").findValuesAsString("kind")).contains("OPENED", "NOTIFIED", "RESOLVED");

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mail.withSubject("[Mamori] RESOLVED: web").size() == 2);
		Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
			.until(() -> mail.withSubject("[Mamori] DOWN: web").size() == 2 && mail.withSubject("[Mamori] RESOLVED: web").size() == 2);
		assertThat(http.get("/api/incidents?monitor=" + id, viewer).json()).hasSize(1);
	}

	@Test
	void aFlappingTargetOpensOneIncidentAndNeverClosesIt() {
		Http http = Http.on(this.port);
		long id = monitorId(http, "flappy");
		Awaitility.await().atMost(Duration.ofSeconds(20))
			.until(() -> results(http, id, Instant.now().plusSeconds(1)).size() >= 15);
		JsonNode incidents = http.get("/api/incidents?monitor=" + id, RoleUsers.ensure(this.users, Role.VIEWER)).json();
		assertThat(incidents).hasSize(1);
		assertThat(incidents.get(0).get("closedAt").isNull()).isTrue();
	}

	@Test
	void aDeclaredCommandThatHelpsClosesTheIncidentAfterOneAuditedAttempt() {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		long id = monitorId(http, "healable");
		// The incident can close (a scheduled check is UP) before the remediator has recorded its attempt
		// and before the state is written: wait for all three.
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
			JsonNode list = http.get("/api/incidents?open=false&monitor=" + id, viewer).json();
			return list.size() == 1 && list.get(0).get("remediationAttempts").asInt() >= 1
					&& "UP".equals(state(http, id));
		});
		long incident = http.get("/api/incidents?monitor=" + id, viewer).json().get(0).get("id").asLong();
		JsonNode view = http.get("/api/incidents/" + incident, viewer).json();
		assertThat(view.get("remediationAttempts").asInt()).isEqualTo(1);
		assertThat(view.get("escalated").asBoolean()).isFalse();
		assertThat(view.get("timeline").findValuesAsString("kind").stream().filter("REMEDIATION_ATTEMPT"::equals))
			.hasSize(1);
		assertThat(Files.exists(healthyFile)).isTrue();
		assertThat(this.audit.search(new AuditLog.AuditQuery(null, "REMEDIATION_ATTEMPT", null, null), PageRequest.of(0, 50))
			.getContent()).anySatisfy((event) -> {
				assertThat(event.target()).isEqualTo("healable");
				assertThat(event.details()).contains("\"command\":\"heal\"").contains("\"exitCode\":0")
					.contains("\"recheckUp\":true");
			});
		assertThat(state(http, id)).isEqualTo("UP");
	}

	@Test
	void aCommandThatNeverHelpsIsTriedExactlyMaxAttemptsThenEscalatesOnce() {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		long id = monitorId(http, "hopeless");
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
			JsonNode list = http.get("/api/incidents?monitor=" + id, viewer).json();
			return list.size() == 1 && list.get(0).get("escalated").asBoolean();
		});
		long incident = http.get("/api/incidents?monitor=" + id, viewer).json().get(0).get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> mail.withSubject("[Mamori] MANUAL INTERVENTION REQUIRED: hopeless").size() == 2);
		// Nothing more is tried while the incident stays open.
		Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
		JsonNode view = http.get("/api/incidents/" + incident, viewer).json();
		assertThat(view.get("remediationAttempts").asInt()).isEqualTo(3);
		List<String> kinds = view.get("timeline").findValuesAsString("kind");
		assertThat(kinds.stream().filter("REMEDIATION_ATTEMPT"::equals)).hasSize(3);
		assertThat(kinds.stream().filter("ESCALATED"::equals)).hasSize(1);
		assertThat(mail.withSubject("[Mamori] MANUAL INTERVENTION REQUIRED: hopeless")).hasSize(2);
		assertThat(Mailbox.body(mail.withSubject("[Mamori] MANUAL INTERVENTION REQUIRED: hopeless").get(0)))
			.contains("3 × never-helps");
		assertThat(this.audit.search(new AuditLog.AuditQuery(null, "REMEDIATION_ESCALATED", null, null),
				PageRequest.of(0, 50)).getContent()).extracting((e) -> e.target()).containsOnlyOnce("hopeless");
		assertThat(state(http, id)).isEqualTo("DOWN");
	}

	@Test
	void aDownTargetInsideAMaintenanceWindowSendsNothingAndOpensNoIncident() {
		Http http = Http.on(this.port);
		long id = monitorId(http, "quiet");
		Awaitility.await().atMost(Duration.ofSeconds(20))
			.until(() -> results(http, id, Instant.now().plusSeconds(1)).size() >= 8);
		assertThat(results(http, id, Instant.now().plusSeconds(1))).allSatisfy((r) -> {
			assertThat(r.get("up").asBoolean()).isFalse();
			assertThat(r.get("maintenance").asBoolean()).isTrue();
		});
		assertThat(state(http, id)).isEqualTo("MAINTENANCE");
		assertThat(http.get("/api/incidents?monitor=" + id, RoleUsers.ensure(this.users, Role.VIEWER)).json()).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from notification where monitor_id = ?", Integer.class, id))
			.isZero();
		assertThat(mail.withSubject("[Mamori] DOWN: quiet")).isEmpty();
	}

	@Test
	void heartbeatsGoDownWithoutPingsUpWithAPingAndDownAtOnceOnFail() {
		Http http = Http.on(this.port);
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		long id = monitorId(http, "cron-job");
		String path = http.get("/api/monitors/" + id, admin).json().get("heartbeatPath").asString();
		assertThat(path).startsWith("/api/heartbeat/").hasSizeGreaterThan("/api/heartbeat/".length() + 30);
		assertThat(http.get("/api/monitors/" + id, RoleUsers.ensure(this.users, Role.VIEWER)).json().get("heartbeatPath").isNull())
			.as("only ADMIN sees the push URL").isTrue();

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "DOWN".equals(state(http, id)));
		assertThat(http.get(path, Auth.NONE).status()).isEqualTo(200);
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> "UP".equals(state(http, id)));
		assertThat(http.post(path + "/fail", Auth.NONE, null).status()).isEqualTo(200);
		Awaitility.await().atMost(Duration.ofMillis(1500)).until(() -> "DOWN".equals(state(http, id)));
		// A fresh ping within the period does not undo a reported failure: only the next ping does.
		Awaitility.await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(1)).until(() -> true);
		assertThat(state(http, id)).isEqualTo("DOWN");
		http.post(path, Auth.NONE, null);
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> "UP".equals(state(http, id)));

		Http.Response unknown = http.get("/api/heartbeat/not-a-real-token-0123456789", Auth.NONE);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
		assertThat(unknown.body()).doesNotContain(path.substring("/api/heartbeat/".length())).doesNotContain("cron-job");
	}

	@Test
	void theWebhookReceivesTheAlertsAsJsonAndItsSecretUrlIsNeverShown() {
		Http http = Http.on(this.port);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hook.bodies().stream()
			.anyMatch((b) -> b.contains("\"event\":\"OPENED\"") && b.contains("\"monitor\":\"hopeless\"")));
		JsonNode notifications = http.get("/api/notifications", RoleUsers.ensure(this.users, Role.ADMIN)).json();
		assertThat(notifications.findValuesAsString("channel")).contains("WEBHOOK", "EMAIL");
		assertThat(notifications.toString()).doesNotContain("webhook-secret-key");
		assertThat(http.get("/api/notifications", RoleUsers.ensure(this.users, Role.OPERATOR)).status()).isEqualTo(403);
	}

	@Test
	void theMonitorsHealthContributorIsDownWhileACriticalMonitorIsDownAndMetricsShowEachMonitor() {
		Http http = Http.on(this.port);
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			JsonNode monitors = http.get("/actuator/health", admin).json().get("components").get("monitors");
			return monitors != null && "DOWN".equals(monitors.get("status").asString());
		});
		JsonNode health = http.get("/actuator/health", admin).json();
		assertThat(health.get("components").get("monitors").get("details").get("criticalDown").toString())
			.isEqualTo("[\"hopeless\"]");
		assertThat(http.get("/actuator/health/readiness", Auth.NONE).status()).as("a failing app never makes Mamori unready")
			.isEqualTo(200);
		String metrics = http.get("/actuator/prometheus", admin).body();
		assertThat(metrics).contains("mamori_monitor_up{monitor=\"hopeless\"} 0.0")
			.contains("mamori_monitor_response_time_seconds{monitor=\"web\"}")
			.contains("mamori_monitor_scheduling_lag_seconds_bucket")
			.contains("mamori_monitor_checks_total");
	}

	private long monitorId(Http http, String name) {
		JsonNode list = http.get("/api/monitors", RoleUsers.ensure(this.users, Role.VIEWER)).json();
		for (JsonNode monitor : list) {
			if (monitor.get("name").asString().equals(name)) {
				return monitor.get("id").asLong();
			}
		}
		throw new AssertionError("no monitor " + name + " in " + list);
	}

	private String state(Http http, long id) {
		return http.get("/api/monitors/" + id, RoleUsers.ensure(this.users, Role.VIEWER)).json().get("state").asString();
	}

	private List<JsonNode> results(Http http, long id, Instant to) {
		JsonNode list = http.get("/api/monitors/" + id + "/results?to=" + to.plusMillis(1),
				RoleUsers.ensure(this.users, Role.VIEWER)).json();
		List<JsonNode> out = new ArrayList<>();
		list.forEach(out::add);
		return out;
	}

}
