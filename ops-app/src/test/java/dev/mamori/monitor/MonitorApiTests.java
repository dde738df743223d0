package dev.mamori.monitor;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TargetServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring API through the real filter chains: every endpoint as no one and as each role,
 * monitors created through the API actually run, host-side checks cannot be created from the web,
 * invalid monitors get a 400 naming the field, and configured monitors are read-only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MonitorApiTests {

	static final TargetServer target = TargetServer.start();

	static final TargetServer.Endpoint hook = target.endpoint("/hook");

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	MonitorService monitors;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		target.endpoint("/health").body("{\"status\":\"ok\"}");
		registry.add("mamori.notifications.webhook.url", () -> target.url("/hook"));
		registry.add("mamori.commands.restart-app.argv[0]", () -> "true");
		registry.add("mamori.monitors.disk-root.type", () -> "disk");
		registry.add("mamori.monitors.disk-root.path", () -> "/");
		registry.add("mamori.monitors.disk-root.max-percent", () -> "99.9");
	}

	@AfterAll
	static void stop() {
		target.close();
	}

	static Stream<Arguments> endpoints() {
		// method, path, body, expected: none, VIEWER, OPERATOR, ADMIN
		String create = "{\"name\":\"{new}\",\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"interval\":\"30s\"}";
		return Stream.of(Arguments.of("GET", "/api/monitors", null, 401, 200, 200, 200),
				Arguments.of("POST", "/api/monitors", create, 401, 403, 403, 201),
				Arguments.of("GET", "/api/monitors/{monitor}", null, 401, 200, 200, 200),
				Arguments.of("PUT", "/api/monitors/{monitor}", "{\"type\":\"tcp\",\"host\":\"127.0.0.1\",\"port\":9}", 401,
						403, 403, 200),
				Arguments.of("DELETE", "/api/monitors/{monitor}", null, 401, 403, 403, 204),
				Arguments.of("POST", "/api/monitors/{monitor}/pause", null, 401, 403, 200, 200),
				Arguments.of("POST", "/api/monitors/{monitor}/resume", null, 401, 403, 200, 200),
				Arguments.of("GET", "/api/monitors/{monitor}/results", null, 401, 200, 200, 200),
				Arguments.of("GET", "/api/monitors/{monitor}/rollups", null, 401, 200, 200, 200),
				Arguments.of("GET", "/api/monitors/{monitor}/uptime", null, 401, 200, 200, 200),
				Arguments.of("GET", "/api/incidents?open=true", null, 401, 200, 200, 200),
				Arguments.of("GET", "/api/incidents/{incident}", null, 401, 200, 200, 200),
				Arguments.of("POST", "/api/incidents/{incident}/ack", null, 401, 403, 200, 200),
				Arguments.of("POST", "/api/notifications/test", null, 401, 403, 403, 202),
				Arguments.of("GET", "/api/notifications", null, 401, 403, 403, 200));
	}

	@ParameterizedTest(name = "{0} {1}: none {3}, VIEWER {4}, OPERATOR {5}, ADMIN {6}")
	@MethodSource("endpoints")
	void eachRoleGetsTheExpectedStatus(String method, String path, String body, int none, int viewer, int operator,
			int admin) {
		Map<Role, Integer> expected = Map.of(Role.VIEWER, viewer, Role.OPERATOR, operator, Role.ADMIN, admin);
		assertThat(call(method, path, body, Auth.NONE).status()).as("no credentials").isEqualTo(none);
		for (Role role : Role.values()) {
			Http.Response response = call(method, path, body, RoleUsers.ensure(this.users, role));
			assertThat(response.status()).as(role + " " + response.body()).isEqualTo(expected.get(role));
			if (response.status() >= 400) {
				assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			}
		}
	}

	private Http.Response call(String method, String path, String body, Auth auth) {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String resolved = path;
		if (path.contains("{monitor}")) {
			long id = this.monitors.create("m-" + suffix, http("http://127.0.0.1:9/"), Actor.SYSTEM).id();
			resolved = resolved.replace("{monitor}", Long.toString(id));
		}
		if (path.contains("{incident}")) {
			this.jdbc.update("insert into incident (monitor_id, monitor_name, opened_at, escalated, "
					+ "remediation_attempts) values (0, 'gone', ?, false, 0)", Timestamp.from(Instant.now()));
			Long id = this.jdbc.queryForObject("select max(id) from incident", Long.class);
			resolved = resolved.replace("{incident}", Long.toString(id));
		}
		String resolvedBody = (body != null) ? body.replace("{new}", "n-" + suffix) : null;
		return Http.on(this.port).send(method, resolved, auth, resolvedBody);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "disk", "memory", "command", "systemd", "database", "backup-freshness" })
	void theApiCannotCreateAMonitorThatReadsTheHost(String type) {
		Http.Response response = Http.on(this.port).post("/api/monitors", RoleUsers.ensure(this.users, Role.ADMIN),
				"{\"name\":\"sneaky\",\"type\":\"" + type + "\",\"path\":\"/etc\",\"command\":\"restart-app\","
						+ "\"jdbcUrl\":\"jdbc:h2:mem:x\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("type");
		assertThat(response.json().get("detail").asString()).contains("only be declared in the configuration file");
		assertThat(this.jdbc.queryForObject("select count(*) from monitor where name = 'sneaky'", Integer.class)).isZero();
	}

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', value = {
			"{\"name\":\"bad\",\"type\":\"http\",\"url\":\"not a url\"}|url",
			"{\"name\":\"bad\",\"type\":\"http\",\"url\":\"ftp://example.test/\"}|url",
			"{\"name\":\"bad\",\"type\":\"http\",\"url\":\"http://127.0.0.1/\",\"interval\":\"1s\"}|interval",
			"{\"name\":\"bad\",\"type\":\"http\",\"url\":\"http://127.0.0.1/\",\"interval\":\"often\"}|interval",
			"{\"name\":\"bad\",\"type\":\"http\",\"url\":\"http://127.0.0.1/\",\"remediation\":{\"command\":\"rm-rf\"}}|remediation.command",
			"{\"name\":\"bad\",\"type\":\"http\",\"url\":\"http://127.0.0.1/\",\"jsonPath\":\"status\"}|jsonPath",
			"{\"name\":\"bad\",\"type\":\"tcp\",\"host\":\"127.0.0.1\",\"port\":70000}|port",
			"{\"name\":\"bad\",\"type\":\"heartbeat\"}|period",
			"{\"name\":\"bad\",\"type\":\"sql\"}|type",
			"{\"name\":\"Bad Name\",\"type\":\"http\",\"url\":\"http://127.0.0.1/\"}|name",
			"{\"type\":\"http\",\"url\":\"http://127.0.0.1/\"}|name" })
	void anInvalidMonitorGetsA400NamingTheField(String body, String field) {
		Http.Response response = Http.on(this.port).post("/api/monitors", RoleUsers.ensure(this.users, Role.ADMIN), body);
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
	}

	@Test
	void aMonitorCreatedThroughTheApiRunsAndItsNameIsUnique() {
		Http http = Http.on(this.port);
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http.Response created = http.post("/api/monitors", admin, "{\"name\":\"site\",\"type\":\"http\",\"url\":\""
				+ target.url("/health") + "\",\"interval\":\"5s\",\"jsonPath\":\"$.status\",\"jsonEquals\":\"ok\","
				+ "\"headers\":{\"Authorization\":\"Bearer top-secret\"},\"remediation\":{\"command\":\"restart-app\"}}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.header("Location")).isEqualTo("/api/monitors/" + id);
		assertThat(created.body()).doesNotContain("top-secret");
		assertThat(created.json().get("origin").asString()).isEqualTo("API");
		Awaitility.await().atMost(Duration.ofSeconds(15))
			.until(() -> "UP".equals(http.get("/api/monitors/" + id, admin).json().get("state").asString()));
		assertThat(http.get("/api/monitors/" + id + "/uptime", admin).json().get("day").asDouble()).isEqualTo(100.0);

		Http.Response duplicate = http.post("/api/monitors", admin,
				"{\"name\":\"site\",\"type\":\"tcp\",\"host\":\"127.0.0.1\",\"port\":9}");
		assertThat(duplicate.status()).isEqualTo(409);
	}

	@Test
	void aConfiguredMonitorIsReadOnlyButCanBePaused() {
		Http http = Http.on(this.port);
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		JsonNode disk = null;
		for (JsonNode monitor : http.get("/api/monitors", admin).json()) {
			if (monitor.get("name").asString().equals("disk-root")) {
				disk = monitor;
			}
		}
		assertThat(disk).isNotNull();
		assertThat(disk.get("origin").asString()).isEqualTo("CONFIG");
		long id = disk.get("id").asLong();
		Http.Response put = http.send("PUT", "/api/monitors/" + id, admin, "{\"type\":\"tcp\",\"host\":\"x\",\"port\":1}");
		assertThat(put.status()).isEqualTo(409);
		assertThat(put.json().get("detail").asString()).contains("mamori.monitors.disk-root");
		assertThat(http.send("DELETE", "/api/monitors/" + id, admin, null).status()).isEqualTo(409);
		Http.Response paused = http.post("/api/monitors/" + id + "/pause", RoleUsers.ensure(this.users, Role.OPERATOR), null);
		assertThat(paused.json().get("state").asString()).isEqualTo("PAUSED");
		assertThat(http.post("/api/monitors/" + id + "/resume", admin, null).json().get("state").asString())
			.isEqualTo("PENDING");
	}

	@Test
	void theTestNotificationReachesTheWebhookAndNeedsAChannel() {
		int before = hook.bodies().size();
		Http.Response sent = Http.on(this.port).post("/api/notifications/test", RoleUsers.ensure(this.users, Role.ADMIN),
				null);
		assertThat(sent.status()).isEqualTo(202);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hook.bodies().size() > before);
		assertThat(hook.bodies().get(hook.bodies().size() - 1)).contains("\"event\":\"TEST\"");
	}

	private static MonitorDefinition http(String url) {
		return new MonitorDefinition(MonitorType.HTTP, null, Duration.ofSeconds(30), Duration.ofSeconds(5), 3, 2,
				Duration.ZERO, false, null, null, url, "GET", null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null);
	}

}
