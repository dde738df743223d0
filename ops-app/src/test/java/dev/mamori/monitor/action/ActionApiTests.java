package dev.mamori.monitor.action;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
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
 * Runbook actions through the real API, real processes, a real HTTP server for checks and a real
 * SMTP server (GreenMail) for the failure notice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class ActionApiTests {

	@TempDir
	static Path temp;

	static final Mailbox mail = new Mailbox();

	static HttpServer healthy;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void config(DynamicPropertyRegistry registry) throws Exception {
		AppFixture.create(temp.resolve("ecm"), 10).register(registry, "ecm", null);
		healthy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		healthy.createContext("/health", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		healthy.start();
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		int deadPort = closed;
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
		registry.add("mamori.notifications.email.language", () -> "en");
		action(registry, "echo-service", "OPERATOR", "printf", "[%s]\\n", "{service}");
		registry.add("mamori.actions.echo-service.parameters.service.values[0]", () -> "backend");
		registry.add("mamori.actions.echo-service.parameters.service.values[1]", () -> "frontend");
		action(registry, "echo-text", "OPERATOR", "printf", "[%s]\\n", "{text}");
		registry.add("mamori.actions.echo-text.parameters.text.pattern", () -> ".{1,80}");
		action(registry, "wipe-cache", "ADMIN", "printf", "wiped\\n");
		registry.add("mamori.actions.wipe-cache.confirm", () -> "true");
		action(registry, "slow", "OPERATOR", "sleep", "3");
		action(registry, "chatty", "OPERATOR", "bash", "-c",
				"head -c 52428800 /dev/zero | tr '\\0' 'x'; echo; echo END-OF-OUTPUT");
		registry.add("mamori.actions.chatty.output-limit", () -> "16KB");
		action(registry, "restart-checked", "OPERATOR", "printf", "restarted\\n");
		registry.add("mamori.actions.restart-checked.post-check.health-url",
				() -> "http://127.0.0.1:" + deadPort + "/health");
		action(registry, "restart-healthy", "OPERATOR", "printf", "restarted\\n");
		registry.add("mamori.actions.restart-healthy.post-check.health-url",
				() -> "http://127.0.0.1:" + healthy.getAddress().getPort() + "/health");
		action(registry, "guarded", "OPERATOR", "touch", temp.resolve("guarded-ran").toString());
		registry.add("mamori.actions.guarded.pre-check.health-url", () -> "http://127.0.0.1:" + deadPort + "/health");
	}

	private static void action(DynamicPropertyRegistry registry, String id, String role, String... argv) {
		String key = "mamori.actions." + id;
		registry.add(key + ".app", () -> "ecm");
		registry.add(key + ".title.en", () -> "Action " + id);
		registry.add(key + ".title.ja", () -> "アクション " + id);
		registry.add(key + ".role", () -> role);
		for (int i = 0; i < argv.length; i++) {
			String element = argv[i];
			registry.add(key + ".argv[" + i + "]", () -> element);
		}
	}

	@AfterAll
	static void stop() {
		mail.stop();
		healthy.stop(0);
	}

	@Test
	void aClosedSetParameterBecomesOneArgvElementAndAValueOutsideTheSetIs400() {
		Http http = Http.on(this.port);
		Auth operator = RoleUsers.ensure(this.users, Role.OPERATOR);
		JsonNode run = finished(http, start(http, operator, "echo-service", "{\"parameters\":{\"service\":\"backend\"}}"));
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(run.get("exitCode").asInt()).isZero();
		assertThat(run.get("output").asString()).isEqualTo("[backend]\n");
		assertThat(run.get("parameters").get("service").asString()).isEqualTo("backend");
		assertThat(run.get("requestedBy").asString()).isEqualTo("operator");
		assertThat(run.get("durationMs").asLong()).isNotNegative();

		Http.Response outside = http.post("/api/actions/echo-service/runs", operator,
				"{\"parameters\":{\"service\":\"backend; id\"}}");
		assertThat(outside.status()).isEqualTo(400);
		assertThat(outside.body()).contains("must be one of [backend, frontend]").contains("parameters.service");
		assertThat(http.post("/api/actions/echo-service/runs", operator, "{\"parameters\":{}}").status()).isEqualTo(400);
		assertThat(http.post("/api/actions/echo-service/runs", operator,
				"{\"parameters\":{\"service\":\"backend\",\"extra\":\"x\"}}").status()).isEqualTo(400);
		assertThat(http.post("/api/actions/no-such-action/runs", operator, "{}").status()).isEqualTo(404);
	}

	@Test
	void shellMetacharactersArePassedLiterallyAsOneArgvElement() {
		Http http = Http.on(this.port);
		Auth operator = RoleUsers.ensure(this.users, Role.OPERATOR);
		Path marker = temp.resolve("pwned");
		String hostile = "x; touch " + marker + " $(id) `id` | cat && echo two";
		JsonNode run = finished(http, start(http, operator, "echo-text",
				"{\"parameters\":{\"text\":" + json(hostile) + "}}"));
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		// printf got exactly one argument: one bracketed line holding the text verbatim.
		assertThat(run.get("output").asString()).isEqualTo("[" + hostile + "]\n");
		assertThat(marker).doesNotExist();
		// A value the pattern refuses (a newline) never reaches the command.
		assertThat(http.post("/api/actions/echo-text/runs", operator, "{\"parameters\":{\"text\":\"a\\nb\"}}").status())
			.isEqualTo(400);
	}

	@Test
	void rolesAreEnforcedPerAction() {
		Http http = Http.on(this.port);
		String body = "{\"parameters\":{\"service\":\"frontend\"}}";
		assertThat(http.post("/api/actions/echo-service/runs", Auth.NONE, body).status()).isEqualTo(401);
		assertThat(http.post("/api/actions/echo-service/runs", RoleUsers.ensure(this.users, Role.VIEWER), body).status())
			.isEqualTo(403);
		// VIEWER reads the actions, never their command lines.
		Http.Response list = http.get("/api/actions", RoleUsers.ensure(this.users, Role.VIEWER));
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().findValuesAsString("id")).contains("echo-service", "wipe-cache");
		assertThat(list.body()).doesNotContain("printf").doesNotContain("argv");
		// An ADMIN action is refused to OPERATOR even with the right confirmation.
		Http.Response operator = http.post("/api/actions/wipe-cache/runs", RoleUsers.ensure(this.users, Role.OPERATOR),
				"{\"confirmation\":\"wipe-cache\"}");
		assertThat(operator.status()).isEqualTo(403);
		assertThat(operator.body()).contains("403");
	}

	@Test
	void aConfirmActionNeedsTheTypedIdAndIsAudited() {
		Http http = Http.on(this.port);
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http.Response without = http.post("/api/actions/wipe-cache/runs", admin, "{}");
		assertThat(without.status()).isEqualTo(400);
		assertThat(without.body()).contains("confirmation").contains("wipe-cache");
		assertThat(http.post("/api/actions/wipe-cache/runs", admin, "{\"confirmation\":\"yes\"}").status()).isEqualTo(400);
		JsonNode run = finished(http, start(http, admin, "wipe-cache", "{\"confirmation\":\"wipe-cache\"}"));
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(run.get("output").asString()).isEqualTo("wiped\n");

		// The run is marked finished, then audited.
		JsonNode audit = Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> http.get("/api/audit?action=ACTION_FINISHED&actor=admin2", admin).json(),
					(entries) -> entries.toString().contains("wipe-cache"));
		assertThat(audit.toString()).contains("wipe-cache").contains("SUCCESS");
		assertThat(http.get("/api/audit?action=ACTION_REFUSED&actor=admin2", admin).json().toString())
			.contains("wipe-cache").contains("confirmation");
	}

	@Test
	void aSecondStartWhileTheActionRunsIs409WithTheRunningRun() {
		Http http = Http.on(this.port);
		Auth operator = RoleUsers.ensure(this.users, Role.OPERATOR);
		long first = start(http, operator, "slow", "{}");
		Http.Response second = http.post("/api/actions/slow/runs", operator, "{}");
		assertThat(second.status()).isEqualTo(409);
		assertThat(second.json().get("runningRunId").asLong()).isEqualTo(first);
		assertThat(finished(http, first).get("status").asString()).isEqualTo("SUCCEEDED");
		// Once it ended, it can run again.
		assertThat(finished(http, start(http, operator, "slow", "{}")).get("status").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void fiftyMegabytesOfOutputKeepOnlyTheLastKilobytesAndSayTheyWereCut() {
		Http http = Http.on(this.port);
		Auth operator = RoleUsers.ensure(this.users, Role.OPERATOR);
		JsonNode run = finished(http, start(http, operator, "chatty", "{}"));
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(run.get("outputCut").asBoolean()).isTrue();
		assertThat(run.get("outputBytes").asLong()).isEqualTo(52_428_800L + "\nEND-OF-OUTPUT\n".length());
		String output = run.get("output").asString();
		assertThat(output.length()).isEqualTo(16 * 1024);
		assertThat(output).endsWith("xxx\nEND-OF-OUTPUT\n");
		JsonNode chunk = http.get("/api/action-runs/" + run.get("id").asLong() + "/output",
				RoleUsers.ensure(this.users, Role.VIEWER)).json();
		assertThat(chunk.get("skipped").asBoolean()).isTrue();
		assertThat(chunk.get("running").asBoolean()).isFalse();
	}

	@Test
	void aFailingPostCheckFailsTheRunAndIsNotified() {
		Http http = Http.on(this.port);
		Auth operator = RoleUsers.ensure(this.users, Role.OPERATOR);
		JsonNode run = finished(http, start(http, operator, "restart-checked", "{}"));
		assertThat(run.get("status").asString()).isEqualTo("FAILED");
		assertThat(run.get("exitCode").asInt()).isZero();
		assertThat(run.get("message").asString()).contains("post-check failed").contains("health URL");
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mail.withSubject("[Mamori] ACTION FAILED: Test app ecm")
			.stream()
			.map(Mailbox::body)
			.anyMatch((body) -> body.contains("restart-checked (run " + run.get("id").asLong() + ", operator)")
					&& body.contains("post-check failed")));

		JsonNode passing = finished(http, start(http, operator, "restart-healthy", "{}"));
		assertThat(passing.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(passing.get("message").asString()).contains("post-check passed");
	}

	@Test
	void aFailingPreCheckKeepsTheCommandFromRunning() {
		Http http = Http.on(this.port);
		JsonNode run = finished(http, start(http, RoleUsers.ensure(this.users, Role.OPERATOR), "guarded", "{}"));
		assertThat(run.get("status").asString()).isEqualTo("FAILED");
		assertThat(run.get("message").asString()).contains("pre-check failed");
		assertThat(run.get("exitCode").isNull()).isTrue();
		assertThat(temp.resolve("guarded-ran")).doesNotExist();
	}

	@Test
	void runsAreInTheAppsHistoryAndCountedForPrometheus() {
		Http http = Http.on(this.port);
		long id = start(http, RoleUsers.ensure(this.users, Role.OPERATOR), "echo-service",
				"{\"parameters\":{\"service\":\"frontend\"}}");
		finished(http, id);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		assertThat(http.get("/api/apps/ecm/action-runs", viewer).json().findValuesAsString("actionId")).contains("echo-service");
		assertThat(http.get("/api/apps/ecm/action-runs", viewer).json().findValues("id").stream().map(JsonNode::asLong))
			.contains(id);
		assertThat(http.get("/api/apps/nope/action-runs", viewer).status()).isEqualTo(404);
		// The run is marked finished, then counted.
		String metrics = Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> http.get("/actuator/prometheus", RoleUsers.ensure(this.users, Role.ADMIN)).body(),
					(body) -> java.util.regex.Pattern
						.compile("mamori_action_runs_total\\{[^}]*action=\"echo-service\"[^}]*outcome=\"succeeded\"")
						.matcher(body).find() && body.contains("mamori_action_duration_seconds"));
		assertThat(metrics).containsPattern("mamori_action_runs_total\\{[^}]*action=\"echo-service\"[^}]*outcome=\"succeeded\"");
		assertThat(metrics).contains("mamori_action_duration_seconds");
	}

	private static long start(Http http, Auth auth, String action, String body) {
		Http.Response response = http.post("/api/actions/" + action + "/runs", auth, body);
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		long id = response.json().get("id").asLong();
		assertThat(response.header("Location")).isEqualTo("/api/action-runs/" + id);
		return id;
	}

	private JsonNode finished(Http http, long id) {
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
			.until(() -> !"RUNNING".equals(http.get("/api/action-runs/" + id, viewer).json().get("status").asString()));
		return http.get("/api/action-runs/" + id, viewer).json();
	}

	private static String json(String text) {
		return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
	}

}
