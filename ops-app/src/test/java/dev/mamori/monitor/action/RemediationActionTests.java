package dev.mamori.monitor.action;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * A remediation that names an action: the same definition as the button heals the monitor, and
 * each attempt is an action run by Mamori in the app's history. Actions that need a person
 * (parameters, typed confirmation) are refused at startup.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RemediationActionTests {

	@TempDir
	static Path temp;

	static Path flag;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void config(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("ecm"), 10).register(registry, "ecm", null);
		flag = temp.resolve("service-running");
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		registry.add("mamori.commands.is-running.argv[0]", () -> "test");
		registry.add("mamori.commands.is-running.argv[1]", () -> "-f");
		registry.add("mamori.commands.is-running.argv[2]", flag::toString);
		registry.add("mamori.actions.start-service.app", () -> "ecm");
		registry.add("mamori.actions.start-service.title.en", () -> "Start the service");
		registry.add("mamori.actions.start-service.title.ja", () -> "サービスを起動");
		registry.add("mamori.actions.start-service.role", () -> "operator");
		registry.add("mamori.actions.start-service.argv[0]", () -> "touch");
		registry.add("mamori.actions.start-service.argv[1]", flag::toString);
		String key = "mamori.monitors.service";
		registry.add(key + ".type", () -> "command");
		registry.add(key + ".app", () -> "ecm");
		registry.add(key + ".command", () -> "is-running");
		registry.add(key + ".interval", () -> "300ms");
		registry.add(key + ".failure-threshold", () -> "1");
		registry.add(key + ".success-threshold", () -> "1");
		registry.add(key + ".remediation.action", () -> "start-service");
		registry.add(key + ".remediation.wait-after", () -> "100ms");
	}

	@Test
	void aRemediationNamingAnActionRunsItAsAnActionRun() {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(flag));
		JsonNode runs = http.get("/api/actions/start-service/runs", viewer).json();
		assertThat(runs.size()).isGreaterThanOrEqualTo(1);
		JsonNode run = runs.get(runs.size() - 1);
		assertThat(run.get("requestedBy").asString()).isEqualTo("system");
		Awaitility.await().atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(http.get("/api/action-runs/" + run.get("id").asLong(), viewer).json()
				.get("status").asString()));
		assertThat(http.get("/api/apps/ecm/action-runs", viewer).json().findValuesAsString("actionId")).contains("start-service");
		// The incident's timeline names the action.
		long incident = http.get("/api/incidents", viewer).json().get(0).get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/incidents/" + incident, viewer)
			.body()
			.contains("REMEDIATION_ATTEMPT"));
		assertThat(http.get("/api/incidents/" + incident, viewer).body()).contains("start-service (action run");
	}

	@Test
	void anActionThatNeedsAPersonCannotRemediate() throws Exception {
		Path config = Files.writeString(temp.resolve("bad.yml"), """
				mamori:
				  apps:
				    ecm:
				      sources: [ { id: db, type: sqlite, path: %s } ]
				      backup: { destination: %s }
				  commands:
				    ok: { argv: ["true"] }
				  actions:
				    wipe: { app: ecm, title: { en: Wipe, ja: 消去 }, confirm: true, argv: [rm, -rf, /tmp/x] }
				  monitors:
				    svc: { type: command, command: ok, remediation: { action: wipe } }
				""".formatted(temp.resolve("x.db"), temp.resolve("usb")));
		Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(MamoriApplication.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.run("--spring.config.additional-location=file:" + config, "--mamori.scheduling.enabled=false")
			.close());
		assertThat(thrown).isNotNull();
		assertThat(NestedExceptionUtils.getMostSpecificCause(thrown).getMessage()).contains("svc")
			.contains("remediation.action")
			.contains("needs a person");
	}

}
