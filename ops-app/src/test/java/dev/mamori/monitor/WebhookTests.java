package dev.mamori.monitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import dev.mamori.core.InvalidConfigurationException;
import dev.mamori.core.Role;
import dev.mamori.core.event.BackupFailed;
import dev.mamori.core.user.UserService;
import dev.mamori.monitor.webhook.WebhookProperties;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Event webhooks against real HTTP receivers (the JDK's HttpServer): signed events, retries then a
 * recorded failure, filters, chat formats, and a caller that is never held up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class WebhookTests {

	static final String SECRET = "webhook-secret-0123456789";

	@TempDir
	static Path temp;

	static HttpServer receiver;

	static final List<Received> received = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationEventPublisher events;

	record Received(String path, Map<String, List<String>> headers, byte[] body, Instant at) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		AppFixture.create(temp.resolve("ecm"), 100).register(registry, "ecm", null);
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String path = exchange.getRequestURI().getPath();
			received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, Instant.now()));
			if (path.equals("/slow")) {
				try {
					Thread.sleep(3000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			int status = path.equals("/fail") ? 500 : 200;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
		receiver.start();
		String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
		registry.add("mamori.webhooks.max-attempts", () -> "3");
		registry.add("mamori.webhooks.backoff", () -> "200ms");
		registry.add("mamori.webhooks.endpoints.ci.url", () -> base + "/hook");
		registry.add("mamori.webhooks.endpoints.ci.secret", () -> SECRET);
		registry.add("mamori.webhooks.endpoints.ci.events[0]", () -> "backup.completed");
		registry.add("mamori.webhooks.endpoints.broken.url", () -> base + "/fail?token=URL-TOKEN-SHOULD-NOT-LEAK");
		registry.add("mamori.webhooks.endpoints.broken.secret", () -> SECRET);
		registry.add("mamori.webhooks.endpoints.broken.events[0]", () -> "backup.completed");
		registry.add("mamori.webhooks.endpoints.pager.url", () -> base + "/pager");
		registry.add("mamori.webhooks.endpoints.pager.secret", () -> SECRET);
		registry.add("mamori.webhooks.endpoints.pager.events[0]", () -> "incident.opened");
		registry.add("mamori.webhooks.endpoints.pager.events[1]", () -> "backup.failed");
		registry.add("mamori.webhooks.endpoints.chat.url", () -> base + "/slack");
		registry.add("mamori.webhooks.endpoints.chat.format", () -> "slack");
		registry.add("mamori.webhooks.endpoints.chat.language", () -> "ja");
		registry.add("mamori.webhooks.endpoints.chat.events[0]", () -> "backup.completed");
		registry.add("mamori.webhooks.endpoints.phone.url", () -> base + "/ntfy");
		registry.add("mamori.webhooks.endpoints.phone.format", () -> "ntfy");
		registry.add("mamori.webhooks.endpoints.phone.events[0]", () -> "backup.failed");
		registry.add("mamori.webhooks.endpoints.slow.url", () -> base + "/slow");
		registry.add("mamori.webhooks.endpoints.slow.secret", () -> SECRET);
		registry.add("mamori.webhooks.endpoints.slow.events[0]", () -> "backup.failed");
	}

	@AfterAll
	static void stop() {
		receiver.stop(0);
	}

	private static List<Received> at(String path) {
		return received.stream().filter((r) -> r.path().equals(path)).toList();
	}

	@Test
	void aCompletedBackupIsSentSignedRetriedWhereItFailsAndKeptFromFilteredEndpoints(CapturedOutput output)
			throws Exception {
		Http.Response started = Http.on(this.port).post("/api/apps/ecm/backups",
				RoleUsers.ensure(this.users, Role.OPERATOR), null);
		assertThat(started.status()).isEqualTo(202);
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !at("/hook").isEmpty());

		Received event = at("/hook").get(0);
		assertThat(event.header("X-Mamori-Signature-256")).isEqualTo("sha256=" + hmac(SECRET, event.body()));
		assertThat(event.header("X-Mamori-Signature-256")).isNotEqualTo("sha256=" + hmac("another-secret-xyz", event.body()));
		assertThat(event.header("X-Mamori-Event")).isEqualTo("backup.completed");
		assertThat(event.header("Content-Type")).isEqualTo("application/json");
		JsonNode json = JsonMapper.builder().build().readTree(event.body());
		assertThat(json.propertyNames()).containsExactlyInAnyOrder("id", "type", "timestamp", "data");
		assertThat(json.get("type").asString()).isEqualTo("backup.completed");
		assertThat(json.get("id").asString()).isEqualTo(event.header("X-Mamori-Delivery")).hasSize(36);
		assertThat(Instant.parse(json.get("timestamp").asString())).isBefore(Instant.now().plusSeconds(1));
		assertThat(json.get("data").get("appId").asString()).isEqualTo("ecm");
		assertThat(json.get("data").get("snapshotName").asString()).startsWith("ecm_");
		assertThat(json.get("data").get("verified").asBoolean()).isTrue();

		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !at("/slack").isEmpty());
		JsonNode slack = JsonMapper.builder().build().readTree(at("/slack").get(0).body());
		assertThat(slack.get("text").asString()).startsWith("ecm のバックアップが完了しました：ecm_");

		// 500: tried max-attempts (3) times with the same event id, then recorded as failed.
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status("broken")));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status("chat")));
		List<Received> tries = at("/fail");
		assertThat(tries).hasSize(3);
		assertThat(tries).extracting((r) -> r.header("X-Mamori-Delivery")).containsOnly(json.get("id").asString());
		assertThat(Duration.between(tries.get(0).at(), tries.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(550));
		Map<String, Object> failed = this.jdbc.queryForMap(
				"select attempts, last_status_code, last_error, finished_at from webhook_delivery where endpoint = 'broken'");
		assertThat(failed.get("attempts")).isEqualTo(3);
		assertThat(failed.get("last_status_code")).isEqualTo(500);
		assertThat(failed.get("last_error")).isEqualTo("HTTP 500");
		assertThat(failed.get("finished_at")).isNotNull();
		assertThat(status("ci")).isEqualTo("SENT");
		assertThat(output.getAll()).contains("to endpoint broken failed after 3 attempt(s)")
			.doesNotContain("URL-TOKEN-SHOULD-NOT-LEAK");

		// pager wants incidents and failures only; phone and slow want failures only.
		assertThat(at("/pager")).extracting((r) -> r.header("X-Mamori-Event")).doesNotContain("backup.completed");
		assertThat(at("/ntfy")).extracting(Received::text).noneMatch((text) -> text.contains("completed"));
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery where endpoint in ('pager', 'phone', "
				+ "'slow') and event_type = 'backup.completed'", Integer.class)).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery where endpoint in ('ci', 'broken', "
				+ "'chat') and event_type = 'backup.completed'", Integer.class)).isEqualTo(3);
	}

	@Test
	void aSlowReceiverNeverHoldsUpThePublisherAndFiltersLetTheirEventsThrough() throws Exception {
		long before = System.nanoTime();
		this.events.publishEvent(new BackupFailed("ecm", 999, "destination is full", Instant.now()));
		assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(1500));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !at("/pager").isEmpty() && !at("/ntfy").isEmpty());
		Received pager = at("/pager").get(0);
		assertThat(pager.header("X-Mamori-Event")).isEqualTo("backup.failed");
		assertThat(pager.header("X-Mamori-Signature-256")).isEqualTo("sha256=" + hmac(SECRET, pager.body()));
		assertThat(pager.text()).contains("\"error\":\"destination is full\"").contains("\"runId\":999");
		Received ntfy = at("/ntfy").get(0);
		assertThat(ntfy.text()).isEqualTo("Backup of ecm FAILED: destination is full");
		assertThat(ntfy.header("Title")).isEqualTo("Mamori backup.failed");
		assertThat(ntfy.header("X-Mamori-Signature-256")).as("no secret, no signature").isNull();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status("slow")));
	}

	@Test
	void badEndpointSettingsAreRefusedNamingTheKey() {
		URI url = URI.create("https://hooks.example/x");
		assertThatThrownBy(() -> new WebhookProperties(
				Map.of("ci", new WebhookProperties.Endpoint(url, SECRET, List.of("backup.complete"),
						WebhookProperties.Format.JSON, "en")),
				3, Duration.ofSeconds(1), Duration.ofSeconds(5)))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("mamori.webhooks.endpoints.ci.events[0]")
			.hasMessageContaining("backup.completed");
		assertThatThrownBy(() -> new WebhookProperties(
				Map.of("ci", new WebhookProperties.Endpoint(url, null, List.of(), WebhookProperties.Format.JSON, "en")),
				3, Duration.ofSeconds(1), Duration.ofSeconds(5)))
			.hasMessageContaining("mamori.webhooks.endpoints.ci.secret");
		assertThatThrownBy(() -> new WebhookProperties(
				Map.of("ci", new WebhookProperties.Endpoint(URI.create("file:///etc/passwd"), SECRET, List.of(),
						WebhookProperties.Format.JSON, "en")),
				3, Duration.ofSeconds(1), Duration.ofSeconds(5)))
			.hasMessageContaining("mamori.webhooks.endpoints.ci.url");
		assertThatThrownBy(() -> new WebhookProperties(Map.of(), 3, Duration.ofDays(3), Duration.ofSeconds(5)))
			.hasMessageContaining("mamori.webhooks.backoff");
		WebhookProperties.Endpoint endpoint = new WebhookProperties.Endpoint(
				URI.create("https://hooks.slack.example/services/T0/B0/SECRETPATH"), SECRET, List.of(),
				WebhookProperties.Format.SLACK, "en");
		assertThat(endpoint.toString()).doesNotContain("SECRETPATH").doesNotContain(SECRET);
	}

	private String status(String endpoint) {
		List<String> statuses = this.jdbc.queryForList("select status from webhook_delivery where endpoint = ?",
				String.class, endpoint);
		return statuses.isEmpty() ? null : statuses.get(0);
	}

	private static String hmac(String secret, byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return java.util.HexFormat.of().formatHex(mac.doFinal(body));
	}

}
