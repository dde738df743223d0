package dev.mamori.selfstate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import dev.mamori.MamoriApplication;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.MamoriProcess;
import dev.mamori.support.UiSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, acceptance 6: a real server (child JVM) on a file H2 database A gets a user, an API
 * token, a monitor made through the API and audit events; a backup leaves Mamori's state bundle on
 * the drive. A fresh install (a new, empty database B) runs {@code mamori restore-self --dir <drive>}
 * (child JVM, as an admin would), then a server on B: the old password logs in, the old token works,
 * the monitor is there with its heartbeat address, and the audit log's chain verifies, continued by a
 * {@code SELF_RESTORED} event.
 */
class RestoreSelfTests {

	private static final Duration READY = Duration.ofSeconds(120);

	private static final String SMTP_PASSWORD = "smtp-secret-from-the-environment-4711";

	private static final String USER_PASSWORD = "hanako-password-123";

	@TempDir
	Path temp;

	private final List<MamoriProcess> servers = new ArrayList<>();

	@AfterEach
	void stop() throws InterruptedException {
		for (MamoriProcess server : this.servers) {
			server.close();
		}
	}

	@Test
	void usersTokensMonitorsAndTheAuditLogSurviveADeadMachine() throws Exception {
		Path drive = Files.createDirectories(this.temp.resolve("usb"));
		Path source = Files.createDirectories(this.temp.resolve("notes"));
		Files.writeString(source.resolve("note.txt"), "hello\n");

		// Machine A: users, a token, a monitor, audit events, a backup.
		Path configA = config("a", source, drive, true);
		MamoriProcess a = start(configA);
		Http http = a.http();
		Auth admin = a.admin();
		assertThat(http.post("/api/users", admin, "{\"username\":\"hanako\",\"password\":\"" + USER_PASSWORD
				+ "\",\"role\":\"ADMIN\"}").status()).isEqualTo(201);
		Auth hanako = Auth.basic("hanako", USER_PASSWORD);
		JsonNode token = http.post("/api/tokens", hanako, "{\"name\":\"deploy\"}").json();
		String secret = token.get("secret").asString();
		Http.Response monitor = http.post("/api/monitors", admin,
				"{\"name\":\"nightly-cron\",\"type\":\"heartbeat\",\"period\":\"1h\"}");
		assertThat(monitor.status()).as(monitor.body()).isEqualTo(201);
		String heartbeatPath = http.get("/api/monitors/" + monitor.json().get("id").asLong(), admin).json()
			.get("heartbeatPath")
			.asString();
		assertThat(http.get("/api/me", Auth.basic("hanako", "not her password")).status()).isEqualTo(401);
		long run = http.post("/api/apps/notes/backups", admin, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(
				() -> !"RUNNING".equals(http.get("/api/backup-runs/" + run, admin).json().get("status").asString()));
		assertThat(http.get("/api/backup-runs/" + run, admin).json().get("status").asString()).isEqualTo("SUCCEEDED");
		Path bundle = drive.resolve(SelfStateBundle.FILE_NAME);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(bundle));
		JsonNode verifiedOnA = http.get("/api/audit/verify", admin).json();
		assertThat(verifiedOnA.get("status").asString()).isEqualTo("ok");
		a.close();

		// On the drive: owner-only, no secret in any byte, the configuration with its references.
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle))).isEqualTo("rw-------");
		assertNoSecretIn(bundle, secret);
		String configText;
		long eventsInBundle;
		try (ZipFile zip = new ZipFile(bundle.toFile())) {
			configText = new String(zip.getInputStream(zip.getEntry("config/1-mamori-a.yml")).readAllBytes(),
					StandardCharsets.UTF_8);
			eventsInBundle = new String(zip.getInputStream(zip.getEntry("audit.jsonl")).readAllBytes(),
					StandardCharsets.UTF_8).lines().count();
		}
		assertThat(configText).contains("password: \"${SELF_TEST_SMTP_PASSWORD}\"")
			.contains("admin-password: \"${MAMORI_ADMIN_PASSWORD}\"")
			.contains("destination: \"" + drive + "\"");
		assertThat(eventsInBundle).isGreaterThanOrEqualTo(6);

		// Machine B: a fresh install on an empty database; restore-self, then the server.
		Path configB = config("b", source, drive, false);
		Cli restored = cli("restore-self", "--dir", drive.toString(), "--config", configB.toString());
		assertThat(restored.exit()).as(restored.output()).isZero();
		assertThat(restored.output()).contains("Checked " + bundle)
			.contains("2 user(s), 1 API token(s), 1 monitor(s) made in the UI, " + eventsInBundle + " audit event(s)")
			.contains("Restored into jdbc:h2:file:" + this.temp.resolve("data-b"))
			.contains("SELF_TEST_SMTP_PASSWORD");

		MamoriProcess b = start(configB);
		Http httpB = b.http();
		UiSession.login(b.port(), "hanako", USER_PASSWORD, "en");
		assertThat(httpB.get("/api/me", hanako).json().get("role").asString()).isEqualTo("ADMIN");
		JsonNode me = httpB.get("/api/me", Auth.bearer(secret)).json();
		assertThat(me.get("username").asString()).isEqualTo("hanako");
		assertThat(me.get("authenticatedBy").asString()).isEqualTo("TOKEN");
		assertThat(httpB.get("/api/me", Auth.basic("hanako", "not her password")).status()).isEqualTo(401);
		JsonNode monitors = httpB.get("/api/monitors", Auth.bearer(secret)).json();
		JsonNode restoredMonitor = null;
		for (JsonNode m : monitors) {
			if ("nightly-cron".equals(m.get("name").asString())) {
				restoredMonitor = m;
			}
		}
		assertThat(restoredMonitor).as(monitors.toString()).isNotNull();
		assertThat(httpB.get("/api/monitors/" + restoredMonitor.get("id").asLong(), Auth.bearer(secret)).json()
			.get("heartbeatPath")
			.asString()).as("cron jobs keep pinging the same address").isEqualTo(heartbeatPath);
		assertThat(httpB.get(heartbeatPath, null).status()).isBetween(200, 204);
		JsonNode verified = httpB.get("/api/audit/verify", Auth.bearer(secret)).json();
		assertThat(verified.get("status").asString()).as(verified.toString()).isEqualTo("ok");
		assertThat(verified.get("eventsChecked").asLong()).isGreaterThan(eventsInBundle);
		assertThat(httpB.get("/api/audit?action=SELF_RESTORED", hanako).json().get("totalElements").asLong()).isEqualTo(1);
		assertThat(httpB.get("/api/audit?action=TOKEN_CREATED&actor=hanako", hanako).json().get("totalElements").asLong())
			.as("history from machine A").isEqualTo(1);
		assertThat(httpB.get("/api/audit?action=LOGIN_FAILED", hanako).json().get("totalElements").asLong())
			.as("history from machine A").isGreaterThanOrEqualTo(1);
		b.close();

		// Again on the database that now holds that state: refused, nothing written.
		Cli again = cli("restore-self", "--dir", drive.toString(), "--config", configB.toString());
		assertThat(again.exit()).as(again.output()).isEqualTo(1);
		assertThat(again.output()).contains("already holds 2 user(s), 1 API token(s), 1 monitor(s) made in the UI")
			.contains("nothing was written");
	}

	private void assertNoSecretIn(Path bundle, String tokenSecret) throws IOException {
		byte[] raw = Files.readAllBytes(bundle);
		StringBuilder text = new StringBuilder(new String(raw, StandardCharsets.ISO_8859_1));
		try (ZipFile zip = new ZipFile(bundle.toFile())) {
			for (var entries = zip.entries(); entries.hasMoreElements();) {
				text.append(new String(zip.getInputStream(entries.nextElement()).readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		assertThat(text.toString()).doesNotContain(SMTP_PASSWORD)
			.doesNotContain(MamoriProcess.ADMIN_PASSWORD)
			.doesNotContain(USER_PASSWORD)
			.doesNotContain(tokenSecret);
	}

	private MamoriProcess start(Path config) throws IOException {
		MamoriProcess server = MamoriProcess.start(this.temp, config, null,
				Map.of("SELF_TEST_SMTP_PASSWORD", SMTP_PASSWORD));
		this.servers.add(server);
		server.awaitReady(READY);
		return server;
	}

	/**
	 * @param admin whether the initial admin's password is written into the file (machine A); the
	 * state bundle must not carry it
	 */
	private Path config(String machine, Path source, Path drive, boolean admin) throws IOException {
		String yaml = "mamori:\n"
				+ "  data-dir: \"" + this.temp.resolve("data-" + machine) + "\"\n"
				+ (admin ? "  admin-password: \"" + MamoriProcess.ADMIN_PASSWORD + "\"\n" : "")
				+ "  scheduling:\n    enabled: false\n"
				+ "  apps:\n"
				+ "    notes:\n"
				+ "      name: \"Notes\"\n"
				+ "      sources:\n"
				+ "        - { id: files, type: directory, path: \"" + source + "\" }\n"
				+ "      backup:\n"
				+ "        destination: \"" + drive + "\"\n"
				+ "spring:\n"
				+ "  mail:\n"
				+ "    username: mamori\n"
				+ "    password: \"${SELF_TEST_SMTP_PASSWORD}\"\n";
		Path file = this.temp.resolve("mamori-" + machine + ".yml");
		Files.writeString(file, yaml);
		return file;
	}

	private Cli cli(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				MamoriApplication.class.getName()));
		command.addAll(List.of(args));
		Path home = Files.createDirectories(this.temp.resolve("home"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
		builder.environment().put("HOME", home.toString());
		builder.environment().put("LANG", "C.UTF-8");
		builder.environment().put("SELF_TEST_SMTP_PASSWORD", SMTP_PASSWORD);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new Cli(process.exitValue(), output);
	}

	private record Cli(int exit, String output) {
	}

}
