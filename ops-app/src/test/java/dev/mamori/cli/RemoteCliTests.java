package dev.mamori.cli;

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
import java.util.stream.Stream;

import dev.mamori.MamoriApplication;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.MamoriProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mamori remote ...} as a child process against a real Mamori server in another child
 * process: exit codes from the outcome, the token only in the environment (never in any process's
 * arguments), and no Spring in the client.
 */
class RemoteCliTests {

	@TempDir
	static Path temp;

	static MamoriProcess server;

	static AppFixture ecm;

	/** Restored by one test; its monitors would be quiet for a while after that, so none watch it. */
	static AppFixture spare;

	static String operatorToken;

	static String viewerToken;

	static String adminToken;

	@BeforeAll
	static void startServer() throws IOException {
		ecm = AppFixture.create(temp.resolve("ecm"), 300);
		AppFixture wrong = AppFixture.create(temp.resolve("wrong"), 10);
		spare = AppFixture.create(temp.resolve("spare"), 300);
		Path config = temp.resolve("mamori.yml");
		Files.writeString(config, """
				mamori:
				  data-dir: "%s"
				  admin-password: "%s"
				  apps:
				    ecm:
				      name: "ECM"
				      sources:
				        - { id: db, type: sqlite, path: "%s" }
				        - { id: uploads, type: directory, path: "%s" }
				      backup:
				        destination: "%s"
				        destination-marker: "%s"
				    wrong:
				      name: "Wrong drive"
				      sources:
				        - { id: db, type: sqlite, path: "%s" }
				      backup:
				        destination: "%s"
				        destination-marker: "SOMEONE-ELSES-DRIVE"
				    spare:
				      name: "Spare"
				      sources:
				        - { id: db, type: sqlite, path: "%s" }
				      backup:
				        destination: "%s"
				        destination-marker: "%s"
				""".formatted(temp.resolve("data"), MamoriProcess.ADMIN_PASSWORD, ecm.database, ecm.uploads,
				ecm.destination, AppFixture.MARKER, wrong.database, wrong.destination, spare.database,
				spare.destination, AppFixture.MARKER));
		server = MamoriProcess.start(Files.createDirectories(temp.resolve("server")), config, null)
			.awaitReady(Duration.ofSeconds(180));
		Http http = server.http();
		adminToken = token(http, "ADMIN");
		operatorToken = token(http, "OPERATOR");
		viewerToken = token(http, "VIEWER");
	}

	private static String token(Http http, String role) {
		Http.Response created = http.post("/api/tokens", server.admin(),
				"{\"name\":\"remote " + role + "\",\"role\":\"" + role + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("secret").asString();
	}

	@AfterAll
	static void stopServer() throws InterruptedException {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void backupWaitExitsZeroWithAGoodSnapshotAndTheTokenIsInNoProcessArguments() throws Exception {
		Path classLog = temp.resolve("backup-classes.log");
		Run run = remote(Map.of("MAMORI_TOKEN", operatorToken), classLog, operatorToken, "backup", "--server",
				server(), "--app", "ecm", "--wait");
		assertThat(run.exit()).as(run.output()).isZero();
		assertThat(run.output()).startsWith("GOOD: ecm_");
		assertThat(run.processesSeen()).as("the CLI was seen running while /proc was read").isTrue();
		JsonNode snapshots = server.http().get("/api/apps/ecm/snapshots", server.admin()).json();
		assertThat(snapshots.get(0).get("status").asString()).isEqualTo("GOOD");
		assertThat(run.output()).contains(snapshots.get(0).get("name").asString());
		// Plain Java: nothing of Spring's application context was loaded.
		String classes = Files.readString(classLog);
		assertThat(classes).contains("dev.mamori.cli.RemoteClient")
			.doesNotContain("org.springframework.boot.SpringApplication ")
			.doesNotContain("org.springframework.context.support.AbstractApplicationContext");

		Run listed = remote(Map.of("MAMORI_TOKEN", viewerToken), null, null, "snapshots", "--server", server(), "--app",
				"ecm");
		assertThat(listed.exit()).as(listed.output()).isZero();
		assertThat(listed.output()).contains(snapshots.get(0).get("name").asString()).contains("GOOD");
	}

	@Test
	void drillWaitExitsZeroWhenTheDrillPassedAndNamesItsReport() throws Exception {
		if (server.http().get("/api/apps/ecm/snapshots", server.admin()).json().isEmpty()) {
			assertThat(remote(Map.of("MAMORI_TOKEN", operatorToken), null, null, "backup", "--server", server(),
					"--app", "ecm", "--wait").exit()).isZero();
		}
		Run run = remote(Map.of("MAMORI_TOKEN", operatorToken), null, null, "drill", "--server", server(), "--app", "ecm",
				"--wait");
		assertThat(run.exit()).as(run.output()).isZero();
		assertThat(run.output()).startsWith("PASSED: drill of ecm (DRL-").contains("snapshot ecm_");
		Run viewer = remote(Map.of("MAMORI_TOKEN", viewerToken), null, null, "drill", "--server", server(), "--app", "ecm",
				"--wait");
		assertThat(viewer.exit()).as("a VIEWER token may not start a drill").isNotZero();
		assertThat(viewer.output()).startsWith("mamori: ");
	}

	@Test
	void backupWaitExitsNonZeroWhenTheDestinationMarkerIsWrong() throws Exception {
		Run run = remote(Map.of("MAMORI_TOKEN", operatorToken), null, null, "backup", "--server", server(), "--app",
				"wrong", "--wait");
		assertThat(run.exit()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).startsWith("mamori: ").contains("backup of wrong failed").contains("SOMEONE-ELSES-DRIVE");
		assertThat(server.http().get("/api/apps/wrong/snapshots", server.admin()).json()).isEmpty();
	}

	@Test
	void statusExitsNonZeroWhileAMonitorIsDownAndZeroWhenAllIsWell() throws Exception {
		if (server.http().get("/api/apps/ecm/snapshots", server.admin()).json().isEmpty()) {
			assertThat(remote(Map.of("MAMORI_TOKEN", operatorToken), null, null, "backup", "--server", server(),
					"--app", "ecm", "--wait").exit()).isZero();
		}
		Run healthy = remote(Map.of("MAMORI_TOKEN", viewerToken), null, null, "status", "--server", server(), "--app",
				"ecm");
		assertThat(healthy.exit()).as(healthy.output()).isZero();
		assertThat(healthy.output()).startsWith("ecm").contains("OK").contains("last good backup");

		// The app with the wrong drive has no good backup: that needs attention too.
		Run all = remote(Map.of("MAMORI_TOKEN", viewerToken), null, null, "status", "--server", server());
		assertThat(all.exit()).as(all.output()).isEqualTo(1);
		assertThat(all.output().lines()).anyMatch((line) -> line.startsWith("wrong") && line.contains("ATTENTION"));

		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Http.Response created = server.http().post("/api/monitors", server.admin(),
				"{\"name\":\"ecm-port\",\"type\":\"tcp\",\"app\":\"ecm\",\"host\":\"127.0.0.1\",\"port\":" + closedPort
						+ ",\"interval\":\"5s\",\"timeout\":\"2s\",\"failureThreshold\":1}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		String[] last = new String[1];
		try {
			Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> {
				last[0] = server.http().get("/api/monitors/" + id, server.admin()).body();
				return last[0].contains("\"state\":\"DOWN\"");
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("monitor not DOWN: " + last[0] + "\n" + server.tail(40), ex);
		}
		Run down = remote(Map.of("MAMORI_TOKEN", viewerToken), null, null, "status", "--server", server(), "--app",
				"ecm");
		assertThat(down.exit()).as(down.output()).isEqualTo(1);
		assertThat(down.output()).contains("ATTENTION").contains("monitor DOWN: ecm-port");
		Run japanese = remote(Map.of("MAMORI_TOKEN", viewerToken, "LANG", "ja_JP.UTF-8"), null, null, "status",
				"--server", server(), "--app", "ecm");
		assertThat(japanese.exit()).isEqualTo(1);
		assertThat(japanese.output()).contains("監視が DOWN：ecm-port");
		assertThat(server.http().send("DELETE", "/api/monitors/" + id, server.admin(), null).status()).isEqualTo(204);
	}

	@Test
	void aTokenFileWorksAndMissingOrRefusedTokensAreOneLineErrors() throws Exception {
		Path file = temp.resolve("token");
		Files.writeString(file, viewerToken + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		Run fromFile = remote(Map.of(), null, null, "snapshots", "--server", server(), "--app", "ecm", "--token-file",
				file.toString());
		assertThat(fromFile.exit()).as(fromFile.output()).isZero();

		Run none = remote(Map.of(), null, null, "status", "--server", server());
		assertThat(none.exit()).isEqualTo(1);
		assertThat(none.output()).startsWith("mamori: no API token: set MAMORI_TOKEN");

		Run refused = remote(Map.of("MAMORI_TOKEN", "mamori_this-is-not-a-token"), null, null, "status", "--server",
				server());
		assertThat(refused.exit()).isEqualTo(1);
		assertThat(refused.output()).startsWith("mamori: the server refused the API token (401)");

		Run tooLow = remote(Map.of("MAMORI_TOKEN", viewerToken), null, null, "backup", "--server", server(), "--app",
				"ecm");
		assertThat(tooLow.exit()).isEqualTo(1);
		assertThat(tooLow.output()).contains("(403)");

		Run credentialsInUrl = remote(Map.of("MAMORI_TOKEN", viewerToken), null, null, "status", "--server",
				"http://admin:secret@127.0.0.1:" + server.port());
		assertThat(credentialsInUrl.exit()).isEqualTo(1);
		assertThat(credentialsInUrl.output()).contains("must not hold a user name, password");

		Run noToken = remote(Map.of("MAMORI_TOKEN", viewerToken), null, null, "status", "--server", server(), "--token",
				"x");
		assertThat(noToken.exit()).as("there is no option that takes a token").isEqualTo(2);

		Run unreachable = remote(Map.of("MAMORI_TOKEN", viewerToken), null, null, "status", "--server",
				"http://127.0.0.1:1");
		assertThat(unreachable.exit()).isEqualTo(1);
		assertThat(unreachable.output()).startsWith("mamori: cannot reach http://127.0.0.1:1");
	}

	@Test
	void restoreNeedsAnAdminTokenAndATypedConfirmationOrYes() throws Exception {
		assertThat(remote(Map.of("MAMORI_TOKEN", operatorToken), null, null, "backup", "--server", server(), "--app",
				"spare", "--wait").exit()).isZero();
		Run operator = remote(Map.of("MAMORI_TOKEN", operatorToken), null, null, "restore", "--server", server(),
				"--app", "spare", "--yes", "--wait");
		assertThat(operator.exit()).isEqualTo(1);
		assertThat(operator.output()).contains("needs an ADMIN token").contains("OPERATOR");

		// No terminal to type the app id on, and no --yes: nothing happens.
		Run unconfirmed = remote(Map.of("MAMORI_TOKEN", adminToken), null, null, "restore", "--server", server(),
				"--app", "spare", "--wait");
		assertThat(unconfirmed.exit()).isEqualTo(1);
		assertThat(unconfirmed.output()).contains("--yes");
		assertThat(server.http().get("/api/restores?app=spare", server.admin()).json()).isEmpty();

		try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + spare.database);
				java.sql.Statement statement = connection.createStatement()) {
			statement.execute("delete from items where id <= 50");
		}
		assertThat(spare.rows()).isEqualTo(250);
		Run restored = remote(Map.of("MAMORI_TOKEN", adminToken), null, adminToken, "restore", "--server", server(),
				"--app", "spare", "--source", "db", "--yes", "--wait");
		assertThat(restored.exit()).as(restored.output()).isZero();
		assertThat(restored.output()).startsWith("SUCCEEDED: spare restored from spare_");
		assertThat(spare.rows()).isEqualTo(300);
	}

	private static String server() {
		return "http://127.0.0.1:" + server.port();
	}

	/**
	 * Runs {@code mamori remote <args>} in a child JVM. While it runs, every process's
	 * {@code /proc/<pid>/cmdline} is read: {@code secret} must be in none of them.
	 */
	private static Run remote(Map<String, String> environment, Path classLog, String secret, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		if (classLog != null) {
			command.add("-Xlog:class+load=info:file=" + classLog);
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(MamoriApplication.class.getName());
		command.add("remote");
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile())
			.redirectErrorStream(true)
			.redirectOutput(temp.resolve("remote-" + System.nanoTime() + ".out").toFile());
		builder.environment().remove("MAMORI_TOKEN");
		builder.environment().remove("MAMORI_SERVER");
		builder.environment().put("LANG", "C.UTF-8");
		builder.environment().putAll(environment);
		Process process = builder.start();
		boolean seen = false;
		while (process.isAlive()) {
			if (secret != null) {
				seen |= assertNoCommandLineHolds(secret, process.pid());
			}
			process.waitFor(20, TimeUnit.MILLISECONDS);
		}
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
		String output = Files.readString(builder.redirectOutput().file().toPath(), StandardCharsets.UTF_8);
		return new Run(process.exitValue(), output, seen);
	}

	/** @return whether the process {@code pid} was among those read */
	private static boolean assertNoCommandLineHolds(String secret, long pid) throws IOException {
		boolean seen = false;
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path dir : processes.filter((p) -> p.getFileName().toString().matches("\\d+")).toList()) {
				byte[] cmdline;
				try {
					cmdline = Files.readAllBytes(dir.resolve("cmdline"));
				}
				catch (IOException ex) {
					continue; // gone meanwhile
				}
				String text = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
				assertThat(text).as("arguments of process " + dir.getFileName()).doesNotContain(secret);
				if (dir.getFileName().toString().equals(Long.toString(pid)) && text.contains(" remote ")) {
					seen = true;
				}
			}
		}
		return seen;
	}

	private record Run(int exit, String output, boolean processesSeen) {
	}

}
