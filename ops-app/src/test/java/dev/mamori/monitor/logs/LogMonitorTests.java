package dev.mamori.monitor.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import dev.mamori.MamoriApplication;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A log monitor on a real file, checked by the real engine: old lines never count, ten ERROR lines
 * in the window are fine, the eleventh opens an incident, and once the window has passed without
 * new ones the incident closes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LogMonitorTests {

	@TempDir
	static Path temp;

	static Path logFile;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void config(DynamicPropertyRegistry registry) throws Exception {
		AppFixture.create(temp.resolve("ecm"), 10).register(registry, "ecm", null);
		logFile = temp.resolve("app.log");
		Files.writeString(logFile, "ERROR old 1\nERROR old 2\nERROR old 3\n".repeat(5));
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		registry.add("mamori.logs.app-log.app", () -> "ecm");
		registry.add("mamori.logs.app-log.file", logFile::toString);
		String key = "mamori.monitors.ecm-errors";
		registry.add(key + ".type", () -> "log");
		registry.add(key + ".app", () -> "ecm");
		registry.add(key + ".interval", () -> "300ms");
		registry.add(key + ".failure-threshold", () -> "1");
		registry.add(key + ".success-threshold", () -> "1");
		registry.add(key + ".log-match.source", () -> "app-log");
		registry.add(key + ".log-match.pattern", () -> "ERROR");
		registry.add(key + ".log-match.threshold", () -> "10");
		registry.add(key + ".log-match.window", () -> "4s");
	}

	@Test
	void elevenErrorLinesInTheWindowOpenAnIncidentThatClosesAfterTheWindow() throws Exception {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		long id = monitorId(http, viewer);
		// The fifteen old ERROR lines were there before the first check: they never count.
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(state(http, viewer, id)));

		append("ERROR boom\n".repeat(10) + "INFO fine\n");
		// Ten are counted, and ten is not more than the threshold.
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode monitor = http.get("/api/monitors/" + id, viewer).json();
			assertThat(monitor.get("lastMessage").asString()).contains("10 line(s) matching /ERROR/");
			assertThat(monitor.get("state").asString()).isEqualTo("UP");
		});
		append("ERROR the eleventh\n");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "DOWN".equals(state(http, viewer, id)));
		JsonNode open = http.get("/api/incidents?open=true&monitor=" + id, viewer).json();
		assertThat(open).hasSize(1);
		assertThat(http.get("/api/monitors/" + id, viewer).json().get("lastMessage").asString())
			.contains("11 line(s) matching /ERROR/");

		// Nothing new: once the window has passed the count is back to zero and the incident closes.
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(state(http, viewer, id)));
		JsonNode closed = http.get("/api/incidents/" + open.get(0).get("id").asLong(), viewer).json();
		assertThat(closed.get("closedAt").isNull()).isFalse();
	}

	@Test
	void aLogMonitorOnAnUndeclaredSourceStopsStartupNamingTheKey() throws Exception {
		Path config = Files.writeString(temp.resolve("bad.yml"), """
				mamori:
				  monitors:
				    errors:
				      type: log
				      log-match: { source: nope, pattern: ERROR }
				""");
		Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(MamoriApplication.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.run("--spring.config.additional-location=file:" + config, "--mamori.scheduling.enabled=false")
			.close());
		assertThat(thrown).isNotNull();
		assertThat(NestedExceptionUtils.getMostSpecificCause(thrown).getMessage()).contains("errors")
			.contains("log-match.source");
	}

	private static void append(String text) throws Exception {
		Files.writeString(logFile, text, StandardOpenOption.APPEND);
	}

	private static long monitorId(Http http, Auth auth) {
		for (JsonNode monitor : http.get("/api/monitors", auth).json()) {
			if (monitor.get("name").asString().equals("ecm-errors")) {
				return monitor.get("id").asLong();
			}
		}
		throw new AssertionError("no monitor ecm-errors");
	}

	private static String state(Http http, Auth auth, long id) {
		return http.get("/api/monitors/" + id, auth).json().get("state").asString();
	}

}
