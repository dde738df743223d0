package dev.mamori.monitor;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict input and masked secrets in the monitoring API, through the real filter chains: absurd
 * times are refused naming the field before anything is stored, unknown JSON fields and oversized
 * bodies get problem details, and the password of a monitor URL reaches nobody.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class StrictMonitorApiTests {

	static final String SECRET_URL = "http://probe:s3cret-pw@127.0.0.1:9/health";

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	JdbcTemplate jdbc;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"an interval of 999999999999 days|{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"interval\":\"999999999999d\"}|interval",
			"an interval that overflows while parsing|{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"interval\":\"9999999999999999d\"}|interval",
			"an interval of 367 days|{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"interval\":\"367d\",\"timeout\":\"10s\"}|interval",
			"a heartbeat period of 999999999999 days|{\"type\":\"heartbeat\",\"period\":\"999999999999d\"}|period",
			"a re-notify interval of 100 years|{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"renotifyInterval\":\"36500d\"}|renotifyInterval",
			"a maintenance start in the year 100000|{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"maintenance\":[{\"start\":\"+100000-01-01T00:00:00Z\",\"end\":\"+100001-01-01T00:00:00Z\"}]}|maintenance[0].start",
			"a maintenance end beyond what an instant holds|{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"maintenance\":[{\"start\":\"2030-01-01T00:00:00Z\",\"end\":\"+1000000001-01-01T00:00:00Z\"}]}|maintenance[0].end",
			"a maintenance window in 1970|{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"maintenance\":[{\"start\":\"1970-01-01T00:00:00Z\",\"end\":\"1970-01-02T00:00:00Z\"}]}|maintenance[0].start",
			"a maintenance duration of 1000 days|{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"maintenance\":[{\"cron\":\"0 3 * * *\",\"duration\":\"1000d\"}]}|maintenance[0].duration" })
	void anAbsurdTimeIsRefusedNamingTheFieldAndNothingIsStored(String what, String body, String field) {
		int before = monitorRows();
		Http.Response response = Http.on(this.port).post("/api/monitors", admin(),
				body.replace("{\"type\"", "{\"name\":\"absurd\",\"type\""));
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
		assertThat(monitorRows()).as("rows after " + what).isEqualTo(before);
	}

	@Test
	void anAbsurdIntervalInAChangeIsRefusedAndTheStoredDefinitionStays() {
		long id = createSecretMonitor("strict-change");
		String stored = storedDefinition(id);
		Http.Response response = Http.on(this.port).send("PUT", "/api/monitors/" + id, admin(),
				"{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"interval\":\"999999999999d\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("interval");
		assertThat(storedDefinition(id)).isEqualTo(stored);
	}

	@Test
	void anUnknownJsonFieldIsRefusedNamingIt() {
		int before = monitorRows();
		Http.Response response = Http.on(this.port).post("/api/monitors", admin(),
				"{\"name\":\"typo\",\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"intervall\":\"30s\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("intervall");
		assertThat(response.json().get("detail").asString()).contains("unknown field 'intervall'").contains("interval");
		assertThat(monitorRows()).isEqualTo(before);
	}

	@Test
	void aValueOfTheWrongTypeIsRefusedNamingTheField() {
		Http.Response response = Http.on(this.port).post("/api/monitors", admin(),
				"{\"name\":\"wrong\",\"type\":\"tcp\",\"host\":\"127.0.0.1\",\"port\":\"eighty\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("port");
	}

	@Test
	void aTenMegabyteBodyIsRefusedWith413ProblemDetails() throws Exception {
		int before = monitorRows();
		String body = "{\"name\":\"big\",\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"bodyContains\":\""
				+ "x".repeat(10 * 1024 * 1024) + "\"}";
		HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofString(body));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(response.body()).contains("mamori.api.max-body-size").contains("\"status\":413");
		assertThat(monitorRows()).isEqualTo(before);
	}

	@Test
	void aStreamedBodyWithoutLengthIsCutOffAtTheLimitWith413() throws Exception {
		// Chunked: no Content-Length to refuse up front, so the bytes are counted while parsed.
		byte[] body = ("{\"name\":\"chunked\",\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\",\"bodyContains\":\""
				+ "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(this.jdbc.queryForObject("select count(*) from monitor where name = 'chunked'", Integer.class)).isZero();
	}

	@Test
	void aViewerSeesNoPasswordOfAMonitorUrlInTheApiOrOnThePage() {
		long id = createSecretMonitor("strict-secret");
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		Http.Response list = Http.on(this.port).get("/api/monitors", viewer);
		Http.Response one = Http.on(this.port).get("/api/monitors/" + id, viewer);
		assertThat(list.status()).isEqualTo(200);
		assertThat(one.status()).isEqualTo(200);
		assertThat(list.body()).contains("strict-secret").doesNotContain("s3cret-pw").doesNotContain("token-value");
		assertThat(one.body()).doesNotContain("s3cret-pw").doesNotContain("token-value");
		assertThat(one.json().get("target").asString()).isEqualTo("GET http://probe:******@127.0.0.1:9/health");
		assertThat(one.json().get("definition").get("url").asString()).isEqualTo("http://probe:******@127.0.0.1:9/health");
		UiSession page = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER), "en");
		Http.Response html = page.get("/monitors/" + id, "en");
		assertThat(html.status()).isEqualTo(200);
		assertThat(html.body()).contains("probe:******@127.0.0.1:9/health").doesNotContain("s3cret-pw");
		assertThat(page.get("/monitors", "en").body()).contains("strict-secret").doesNotContain("s3cret-pw");
		// ADMIN sees the mask too: the stored value is needed only by the checks.
		assertThat(Http.on(this.port).get("/api/monitors/" + id, admin()).body()).doesNotContain("s3cret-pw");
	}

	@Test
	void anAdminChangeThatSendsTheMaskBackKeepsTheStoredSecrets() {
		long id = createSecretMonitor("strict-edit");
		JsonNode shown = Http.on(this.port).get("/api/monitors/" + id, admin()).json().get("definition");
		Http.Response put = Http.on(this.port).send("PUT", "/api/monitors/" + id, admin(),
				"{\"type\":\"http\",\"url\":\"" + shown.get("url").asString() + "\",\"interval\":\"45s\","
						+ "\"headers\":{\"Authorization\":\"" + shown.get("headers").get("Authorization").asString() + "\"}}");
		assertThat(put.status()).as(put.body()).isEqualTo(200);
		assertThat(storedDefinition(id)).contains(SECRET_URL).contains("Bearer token-value").doesNotContain("******");
		// The page form shows the mask; saving it unchanged keeps the secret as well.
		UiSession asAdmin = UiSession.login(this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN), "en");
		String form = asAdmin.get("/monitors/" + id + "/edit", "en").body();
		assertThat(form).contains("probe:******@").doesNotContain("s3cret-pw");
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", "strict-edit");
		fields.put("type", "HTTP");
		fields.put("url", "http://probe:******@127.0.0.1:9/health");
		fields.put("interval", "50s");
		fields.put("timeout", "5s");
		fields.put("failureThreshold", "3");
		fields.put("successThreshold", "2");
		fields.put("grace", "60s");
		Http.Response saved = asAdmin.post("/monitors/" + id, fields, "en");
		assertThat(saved.status()).as(saved.body()).isEqualTo(302);
		assertThat(storedDefinition(id)).contains(SECRET_URL).contains("Bearer token-value");
	}

	private long createSecretMonitor(String name) {
		Http.Response created = Http.on(this.port).post("/api/monitors", admin(), "{\"name\":\"" + name
				+ "\",\"type\":\"http\",\"url\":\"" + SECRET_URL + "\",\"interval\":\"30s\",\"timeout\":\"5s\","
				+ "\"headers\":{\"Authorization\":\"Bearer token-value\"}}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).doesNotContain("s3cret-pw").doesNotContain("token-value");
		return created.json().get("id").asLong();
	}

	private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
		String basic = Base64.getEncoder()
			.encodeToString((RoleUsers.username(Role.ADMIN) + ":" + RoleUsers.password(Role.ADMIN))
				.getBytes(StandardCharsets.UTF_8));
		RoleUsers.ensure(this.users, Role.ADMIN);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/monitors"))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.header("Authorization", "Basic " + basic)
			.POST(body)
			.build();
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private Auth admin() {
		return RoleUsers.ensure(this.users, Role.ADMIN);
	}

	private int monitorRows() {
		return this.jdbc.queryForObject("select count(*) from monitor", Integer.class);
	}

	private String storedDefinition(long id) {
		return this.jdbc.queryForObject("select definition from monitor where id = ?", String.class, id);
	}

}
