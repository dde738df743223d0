package dev.mamori.backup.drill;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.mamori.support.AppData;
import dev.mamori.support.DrillAppCommand;
import dev.mamori.support.Http;
import dev.mamori.support.MamoriProcess;
import dev.mamori.support.RunningApp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Mamori server (child JVM) killed with SIGKILL in the middle of a drill (inside the restore into
 * scratch, and while the booted copy of the app runs), then started again on the same data directory: the
 * drill is recorded FAILED "interrupted", its scratch data and journal are gone, the copy it booted is
 * stopped, the live app was never stopped and its data is as it was, and the drive lost nothing.
 */
class KillServerDrillTests {

	private static final Duration READY = Duration.ofSeconds(120);

	@TempDir
	Path temp;

	private RunningApp app;

	private Path dataDir;

	private final List<MamoriProcess> servers = new ArrayList<>();

	@AfterEach
	void stopEverything() throws InterruptedException {
		for (MamoriProcess server : this.servers) {
			server.close();
		}
		if (this.app != null) {
			this.app.stop();
		}
	}

	@Test
	void killInTheMiddleOfTheRestoreIntoScratch() throws Exception {
		Crash crash = crashAt("SWAP:1");
		assertThat(this.dataDir.resolve("drills").resolve("ecm-drill-" + crash.drillId())).as("the kill left scratch data")
			.isDirectory();

		MamoriProcess server = restart();

		assertRecovered(server, crash);
	}

	@Test
	void killWhileTheBootedCopyOfTheAppRuns() throws Exception {
		Crash crash = crashAt("BOOT");
		long copy = Long.parseLong(Files.readString(this.temp.resolve("copy.pid")).strip());
		assertThat(ProcessHandle.of(copy).map(ProcessHandle::isAlive).orElse(false)).as("the copy outlived the kill").isTrue();

		MamoriProcess server = restart();

		assertRecovered(server, crash);
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> !ProcessHandle.of(copy).map(ProcessHandle::isAlive).orElse(false));
	}

	private Crash crashAt(String point) throws Exception {
		this.app = RunningApp.create(this.temp.resolve("ecm"), 300);
		this.app.startAndWait();
		this.dataDir = this.temp.resolve("state");
		MamoriProcess server = start(point);
		Http.Response backup = server.http().post("/api/apps/ecm/backups", server.admin(), null);
		assertThat(backup.status()).as(backup.body()).isEqualTo(202);
		long runId = backup.json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
			.until(() -> server.http().get("/api/backup-runs/" + runId, server.admin()).json().get("status").asString(),
					(s) -> !s.equals("RUNNING"));
		AppData.State before = AppData.State.of(this.app);
		List<Path> archives = AppData.archives(this.app);
		long appPid = this.app.pid();

		Http.Response started = server.http().post("/api/apps/ecm/drills", server.admin(), "{}");
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		long drillId = started.json().get("id").asLong();
		Path marker = this.dataDir.resolve("drill-journal/paused-at-" + point.replace(':', '-'));
		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
			if (Files.exists(marker)) {
				return true;
			}
			JsonNode drill = server.http().get("/api/drills/" + drillId, server.admin()).json();
			if (!drill.get("status").asString().equals("RUNNING")) {
				throw new AssertionError("the drill ended before " + point + ": " + drill + "\n" + server.tail());
			}
			return false;
		});
		if (point.equals("BOOT")) {
			// The drill waits with its copy started: let the copy come up before the kill.
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(this.temp.resolve("copy.pid")));
		}
		assertThat(server.kill()).as("killed by SIGKILL").isEqualTo(137);
		return new Crash(drillId, before, archives, appPid);
	}

	private void assertRecovered(MamoriProcess server, Crash crash) throws Exception {
		String log = server.tail();
		JsonNode drill = server.http().get("/api/drills/" + crash.drillId(), server.admin()).json();
		assertThat(drill.get("status").asString()).as(drill + "\n" + log).isEqualTo("FAILED");
		assertThat(drill.get("error").asString()).contains("interrupted");
		try (Stream<Path> left = Files.list(this.dataDir.resolve("drills"))) {
			assertThat(left.toList()).as("scratch data removed\n" + log).isEmpty();
		}
		try (Stream<Path> left = Files.list(this.dataDir.resolve("drill-journal"))) {
			assertThat(left.map((p) -> p.getFileName().toString()).toList()).as("the drills' journal is empty\n" + log)
				.allMatch((n) -> n.endsWith(".lock"));
		}
		assertThat(AppData.State.of(this.app)).as("live data as it was").isEqualTo(crash.before());
		assertThat(this.app.health()).as("the app runs").isEqualTo(200);
		assertThat(this.app.pid()).as("the app was never stopped").isEqualTo(crash.appPid());
		assertThat(AppData.sideFiles(this.app)).as("nothing beside the live sources").noneMatch((n) -> n.contains(".mamori-"));
		assertThat(AppData.archives(this.app)).as("nothing on the drive removed").containsAll(crash.archives());
		Http.Response audit = server.http().get("/api/audit?action=DRILL_FAILED&size=100", server.admin());
		assertThat(audit.body()).contains("interrupted");
	}

	private MamoriProcess start(String pauseAt) throws IOException {
		int bootPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			bootPort = socket.getLocalPort();
		}
		Map<String, String> extra = new TreeMap<>();
		List<String> argv = DrillAppCommand.argv(bootPort, this.temp.resolve("copy.pid"));
		for (int i = 0; i < argv.size(); i++) {
			extra.put("commands.ecm-boot.argv[" + i + "]", argv.get(i));
		}
		extra.put("apps.ecm.drill.boot.command", "ecm-boot");
		extra.put("apps.ecm.drill.boot.health-url", "http://127.0.0.1:" + bootPort + "/health");
		extra.put("apps.ecm.drill.boot.timeout", "90s");
		Path config = this.temp.resolve("mamori-" + System.nanoTime() + ".yml");
		Files.writeString(config, MamoriProcess.yaml(this.app, "ecm", this.dataDir, extra), StandardCharsets.UTF_8);
		MamoriProcess server = MamoriProcess.start(this.temp, config, pauseAt);
		this.servers.add(server);
		server.awaitReady(READY);
		return server;
	}

	private MamoriProcess restart() throws IOException {
		return start(null);
	}

	private record Crash(long drillId, AppData.State before, List<Path> archives, long appPid) {
	}

}
