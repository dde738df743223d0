package dev.mamori.monitor;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TargetServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check types against real things: the disk holding a real path with thresholds just below and
 * above its current use, a local HTTPS server whose certificate (made with keytool) expires in 30
 * days, a JSON health endpoint, a TCP port that listens and one that does not, a declared command.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class CheckTypesTests {

	static final int CERT_DAYS = 30;

	static final TargetServer plain = TargetServer.start();

	static TargetServer tls;

	static ServerSocket listening;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void monitors(DynamicPropertyRegistry registry) throws Exception {
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		plain.endpoint("/health").body("{\"status\":\"ok\",\"checks\":[{\"db\":\"up\"}]}");
		monitor(registry, "json-ok", "http", "url", plain.url("/health"));
		registry.add("mamori.monitors.json-ok.json-path", () -> "$.status");
		registry.add("mamori.monitors.json-ok.json-equals", () -> "ok");
		monitor(registry, "json-nested", "http", "url", plain.url("/health"));
		registry.add("mamori.monitors.json-nested.json-path", () -> "$.checks[0].db");
		registry.add("mamori.monitors.json-nested.json-equals", () -> "up");
		monitor(registry, "json-wrong", "http", "url", plain.url("/health"));
		registry.add("mamori.monitors.json-wrong.json-path", () -> "$.status");
		registry.add("mamori.monitors.json-wrong.json-equals", () -> "fine");

		Path dir = Files.createTempDirectory("mamori-disk");
		double used = usedPercent(dir);
		monitor(registry, "disk-below", "disk", "path", dir.toString());
		registry.add("mamori.monitors.disk-below.max-percent", () -> String.format(Locale.ROOT, "%.2f", used + 1.0));
		monitor(registry, "disk-above", "disk", "path", dir.toString());
		registry.add("mamori.monitors.disk-above.max-percent", () -> String.format(Locale.ROOT, "%.2f", used - 1.0));

		tls = TargetServer.start(httpsServer(CERT_DAYS));
		tls.endpoint("/");
		monitor(registry, "cert-ok", "certificate", "url", tls.url("/"));
		registry.add("mamori.monitors.cert-ok.min-days-left", () -> Integer.toString(CERT_DAYS - 5));
		monitor(registry, "cert-short", "certificate", "url", tls.url("/"));
		registry.add("mamori.monitors.cert-short.min-days-left", () -> Integer.toString(CERT_DAYS + 5));
		monitor(registry, "https-untrusted", "http", "url", tls.url("/"));

		listening = new ServerSocket();
		listening.bind(new InetSocketAddress("127.0.0.1", 0));
		int closedPort;
		try (ServerSocket probe = new ServerSocket(0)) {
			closedPort = probe.getLocalPort();
		}
		monitor(registry, "tcp-open", "tcp", "host", "127.0.0.1");
		registry.add("mamori.monitors.tcp-open.port", () -> Integer.toString(listening.getLocalPort()));
		monitor(registry, "tcp-closed", "tcp", "host", "127.0.0.1");
		registry.add("mamori.monitors.tcp-closed.port", () -> Integer.toString(closedPort));

		registry.add("mamori.commands.unit-active.argv[0]", () -> "sh");
		registry.add("mamori.commands.unit-active.argv[1]", () -> "-c");
		registry.add("mamori.commands.unit-active.argv[2]", () -> "echo active");
		registry.add("mamori.commands.unit-inactive.argv[0]", () -> "sh");
		registry.add("mamori.commands.unit-inactive.argv[1]", () -> "-c");
		registry.add("mamori.commands.unit-inactive.argv[2]", () -> "echo inactive; exit 3");
		monitor(registry, "unit-up", "systemd", "command", "unit-active");
		monitor(registry, "unit-down", "systemd", "command", "unit-inactive");
		monitor(registry, "memory", "memory", "max-percent", "100");
	}

	private static void monitor(DynamicPropertyRegistry registry, String name, String type, String key, String value) {
		registry.add("mamori.monitors." + name + ".type", () -> type);
		registry.add("mamori.monitors." + name + "." + key, () -> value);
		// Generous: a TCP connect or TLS handshake on a loaded machine can take longer than 250 ms (CI:
		// "timed out" with 250 ms), and one failure is decisive here.
		registry.add("mamori.monitors." + name + ".interval", () -> "2s");
		registry.add("mamori.monitors." + name + ".timeout", () -> "2s");
		registry.add("mamori.monitors." + name + ".failure-threshold", () -> "1");
	}

	private static double usedPercent(Path path) throws Exception {
		FileStore store = Files.getFileStore(path);
		long used = store.getTotalSpace() - store.getUnallocatedSpace();
		return 100.0 * used / (used + store.getUsableSpace());
	}

	private static HttpsServer httpsServer(int days) throws Exception {
		Path keystore = Files.createTempDirectory("mamori-tls").resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-validity",
				Integer.toString(days), "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
			.redirectErrorStream(true)
			.start();
		keytool.getInputStream().readAllBytes();
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, "changeit".toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(context));
		return server;
	}

	@AfterAll
	static void stop() throws Exception {
		plain.close();
		tls.close();
		listening.close();
	}

	@Test
	void jsonPathChecksCompareTheValueAtThePath() {
		assertThat(settled("json-ok").get("state").asString()).isEqualTo("UP");
		assertThat(settled("json-nested").get("state").asString()).isEqualTo("UP");
		JsonNode wrong = settled("json-wrong");
		assertThat(wrong.get("state").asString()).isEqualTo("DOWN");
		assertThat(wrong.get("lastMessage").asString()).contains("$.status is 'ok', expected 'fine'");
	}

	@Test
	void diskChecksCompareTheRealUseWithTheThreshold() {
		JsonNode below = settled("disk-below");
		assertThat(below.get("state").asString()).isEqualTo("UP");
		assertThat(below.get("lastMessage").asString()).contains("% used");
		assertThat(settled("disk-above").get("state").asString()).isEqualTo("DOWN");
	}

	@Test
	void certificateChecksCountTheDaysLeftOnTheServersCertificate() {
		JsonNode ok = settled("cert-ok");
		assertThat(ok.get("state").asString()).isEqualTo("UP");
		assertThat(ok.get("lastMessage").asString()).containsAnyOf("(29 days left", "(30 days left");
		JsonNode shortLived = settled("cert-short");
		assertThat(shortLived.get("state").asString()).isEqualTo("DOWN");
		assertThat(shortLived.get("lastMessage").asString()).contains("fewer than 35");
	}

	@Test
	void anHttpCheckReportsAnUntrustedCertificateAsATlsError() {
		JsonNode untrusted = settled("https-untrusted");
		assertThat(untrusted.get("state").asString()).isEqualTo("DOWN");
		assertThat(untrusted.get("lastMessage").asString()).startsWith("TLS error");
	}

	@Test
	void tcpChecksConnect() {
		assertThat(settled("tcp-open").get("state").asString()).isEqualTo("UP");
		JsonNode closed = settled("tcp-closed");
		assertThat(closed.get("state").asString()).isEqualTo("DOWN");
		assertThat(closed.get("lastMessage").asString()).contains("connection refused");
	}

	@Test
	void systemdChecksRunTheDeclaredCommandAndShowItsOutput() {
		assertThat(settled("unit-up").get("state").asString()).isEqualTo("UP");
		JsonNode inactive = settled("unit-down");
		assertThat(inactive.get("state").asString()).isEqualTo("DOWN");
		assertThat(inactive.get("lastMessage").asString()).isEqualTo("unit-inactive exited with 3: inactive");
		assertThat(settled("memory").get("lastMessage").asString()).startsWith("memory ").contains("% used");
	}

	private JsonNode settled(String name) {
		Http http = Http.on(this.port);
		var viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		JsonNode[] found = new JsonNode[1];
		Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
			for (JsonNode monitor : http.get("/api/monitors", viewer).json()) {
				if (monitor.get("name").asString().equals(name) && !monitor.get("state").asString().equals("PENDING")
						&& !monitor.get("lastCheckedAt").isNull()) {
					found[0] = monitor;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

}
