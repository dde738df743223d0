package dev.mamori.backup.drill;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.DrillRunView;
import dev.mamori.backup.DrillService;
import dev.mamori.backup.RunStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.DrillAppCommand;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, acceptance 1: a scheduled drill (a cron firing every second) of a real SQLite app with a
 * verification query and an app-boot command (a real HTTP server process started on the scratch copy)
 * passes; the live files keep their bytes and mtimes, the service is never stopped, the scratch directory
 * and the booted process are gone afterwards, and the report shows each step. The context is closed after
 * the class so the every-second schedule stops with it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ScheduledDrillTests {

	@TempDir
	static Path temp;

	static AppFixture app;

	static int bootPort;

	@LocalServerPort
	int port;

	@Autowired
	BackupService backups;

	@Autowired
	DrillService drills;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) throws Exception {
		app = AppFixture.create(temp.resolve("sch"), 300);
		app.register(registry, "sch", null);
		try (ServerSocket socket = new ServerSocket(0)) {
			bootPort = socket.getLocalPort();
		}
		DrillAppCommand.register(registry, "sch-boot", bootPort, temp.resolve("boot.pid"));
		registry.add("mamori.commands.sch-stop.argv[0]", () -> "touch");
		registry.add("mamori.commands.sch-stop.argv[1]", () -> temp.resolve("service-stopped").toString());
		registry.add("mamori.commands.sch-start.argv[0]", () -> "touch");
		registry.add("mamori.commands.sch-start.argv[1]", () -> temp.resolve("service-started").toString());
		registry.add("mamori.apps.sch.service.stop", () -> "sch-stop");
		registry.add("mamori.apps.sch.service.start", () -> "sch-start");
		registry.add("mamori.apps.sch.drill.schedule", () -> "* * * * * *");
		registry.add("mamori.apps.sch.drill.scratch", () -> temp.resolve("scratch").toString());
		registry.add("mamori.apps.sch.drill.queries[0].source", () -> "db");
		registry.add("mamori.apps.sch.drill.queries[0].sql", () -> "select count(*) from items");
		registry.add("mamori.apps.sch.drill.queries[0].expect", () -> "AT_LEAST");
		registry.add("mamori.apps.sch.drill.queries[0].value", () -> "300");
		registry.add("mamori.apps.sch.drill.queries[1].source", () -> "db");
		registry.add("mamori.apps.sch.drill.queries[1].sql", () -> "select id from items where name is null");
		registry.add("mamori.apps.sch.drill.queries[1].expect", () -> "NO_ROWS");
		registry.add("mamori.apps.sch.drill.boot.command", () -> "sch-boot");
		registry.add("mamori.apps.sch.drill.boot.health-url", () -> "http://127.0.0.1:" + bootPort + "/health");
		registry.add("mamori.apps.sch.drill.boot.timeout", () -> "90s");
	}

	@Test
	void aScheduledDrillRestoresIntoScratchProvesItBootsACopyAndLeavesNothingLiveTouched() throws Exception {
		BackupRunView backup = this.backups.runAndWait("sch", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(backup.status()).isEqualTo(RunStatus.SUCCEEDED);
		Map<String, String> live = fingerprint(app.root.resolve("app"));

		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
			.until(() -> this.drills.history("sch").stream().anyMatch((d) -> d.finishedAt() != null));
		DrillRunView drill = this.drills.history("sch").stream().filter((d) -> d.finishedAt() != null)
			.reduce((a, b) -> b).orElseThrow();

		assertThat(drill.trigger()).isEqualTo("SCHEDULE");
		assertThat(drill.status()).as(String.valueOf(drill.error())).isEqualTo("PASSED");
		assertThat(drill.reportNumber()).matches("DRL-\\d{4}-\\d{3}");
		assertThat(drill.restoreTime()).isPositive();
		assertThat(drill.steps()).extracting(DrillResult.Step::name)
			.containsSubsequence("PLAN", "EXTRACT", "SWAP", "CHECK", "CONSTRAINTS", "QUERIES", "BOOT", "CLEANUP")
			.doesNotContain("STOP_SERVICE", "START_SERVICE", "HEALTH_CHECK");
		assertThat(drill.steps()).allSatisfy((s) -> assertThat(s.outcome()).isIn("SUCCEEDED", "SKIPPED"));

		assertThat(fingerprint(app.root.resolve("app"))).as("live files: same bytes, same mtimes").isEqualTo(live);
		assertThat(temp.resolve("service-stopped")).as("the service was never stopped").doesNotExist();
		assertThat(temp.resolve("service-started")).doesNotExist();
		// The every-second schedule may already run the next drill in its own folder; this one's is gone.
		assertThat(temp.resolve("scratch").resolve("sch-drill-" + drill.id())).as("the drill's scratch data is removed")
			.doesNotExist();
		assertThat(temp.resolve("scratch")).as("the scratch location was used").isDirectory();
		long pid = Long.parseLong(Files.readString(temp.resolve("boot.pid")).strip());
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the booted copy is stopped").isFalse();

		Http http = Http.on(this.port);
		Http.Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		String report = http.get("/api/drills/" + drill.id() + "/report", viewer, "Accept-Language", "en").body();
		assertThat(report).contains("# Restore drill report " + drill.reportNumber()).contains("PASSED")
			.contains("| QUERIES |").contains("2 verification queries passed").contains("| BOOT |")
			.contains("answered").contains("| CLEANUP |").contains("removed");
		String ja = http.get("/api/drills/" + drill.id() + "/report", viewer, "Accept-Language", "ja").body();
		assertThat(ja).contains("リストア訓練報告 " + drill.reportNumber()).contains("合格").contains("アプリ起動確認");
		JsonNode recovery = http.get("/api/apps/sch/recovery", viewer).json();
		assertThat(recovery.get("lastPassed").get("reportNumber").asString()).isNotBlank();
		assertThat(recovery.get("nextDrill").isNull()).as("an every-second schedule has a next drill").isFalse();
		Http.Response audit = http.get("/api/audit?action=DRILL_PASSED", RoleUsers.ensure(this.users, Role.ADMIN));
		assertThat(audit.body()).contains(drill.reportNumber());
	}

	private static Map<String, String> fingerprint(Path root) throws Exception {
		Map<String, String> prints = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				prints.put(root.relativize(file).toString(), Files.getLastModifiedTime(file).toMillis() + ":"
						+ java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
							.digest(Files.readAllBytes(file))));
			}
		}
		return prints;
	}

}
