package dev.mamori.actuate;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.ApiTokenService;
import dev.mamori.core.user.TokenScope;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ActuatorSecurityTests {

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	ApiTokenService tokens;

	@Test
	void livenessAndReadinessAnswerWithoutLogin() {
		Http http = Http.on(this.port);
		Http.Response liveness = http.get("/actuator/health/liveness", Auth.NONE);
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
		Http.Response readiness = http.get("/actuator/health/readiness", Auth.NONE);
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
	}

	@Test
	void healthDetailsOnlyForLoggedInUsers() {
		Http http = Http.on(this.port);
		Http.Response anonymous = http.get("/actuator/health", Auth.NONE);
		assertThat(anonymous.status()).isEqualTo(200);
		assertThat(anonymous.json().has("components")).isFalse();
		Http.Response viewer = http.get("/actuator/health", RoleUsers.ensure(this.users, Role.VIEWER));
		assertThat(viewer.json().get("components").has("db")).isTrue();
		Http.Response readiness = http.get("/actuator/health/readiness", RoleUsers.ensure(this.users, Role.VIEWER));
		assertThat(readiness.json().get("components").has("db")).as("readiness includes the database").isTrue();
	}

	@Test
	void everyOtherEndpointRequiresAdmin() {
		Http http = Http.on(this.port);
		for (String path : new String[] { "/actuator/env", "/actuator/info", "/actuator/metrics", "/actuator/beans" }) {
			assertThat(http.get(path, Auth.NONE).status()).as(path + " anonymous").isEqualTo(401);
			assertThat(http.get(path, RoleUsers.ensure(this.users, Role.VIEWER)).status()).as(path + " viewer")
				.isEqualTo(403);
			assertThat(http.get(path, RoleUsers.ensure(this.users, Role.OPERATOR)).status()).as(path + " operator")
				.isEqualTo(403);
		}
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		assertThat(http.get("/actuator/metrics", admin).status()).isEqualTo(200);
		// Not exposed at all, even to ADMIN: it would show configuration.
		assertThat(http.get("/actuator/env", admin).status()).isEqualTo(404);
	}

	@Test
	void infoShowsTheBuildVersion() {
		Http.Response info = Http.on(this.port).get("/actuator/info", RoleUsers.ensure(this.users, Role.ADMIN));
		assertThat(info.status()).isEqualTo(200);
		assertThat(info.json().get("build").get("version").asString()).isNotBlank();
		assertThat(info.json().get("build").get("group").asString()).isEqualTo("dev.mamori");
	}

	@Test
	void prometheusForAdminsAndMetricsTokensOnly() {
		Http http = Http.on(this.port);
		assertThat(http.get("/actuator/prometheus", Auth.NONE).status()).isEqualTo(401);
		assertThat(http.get("/actuator/prometheus", RoleUsers.ensure(this.users, Role.VIEWER)).status()).isEqualTo(403);
		Http.Response admin = http.get("/actuator/prometheus", RoleUsers.ensure(this.users, Role.ADMIN));
		assertThat(admin.status()).isEqualTo(200);
		assertThat(admin.body()).contains("jvm_memory_used_bytes");

		String metricsToken = this.tokens
			.create(Actor.user(RoleUsers.username(Role.ADMIN), null), Role.ADMIN, "prometheus", null, TokenScope.METRICS,
					null)
			.secret();
		assertThat(http.get("/actuator/prometheus", Auth.bearer(metricsToken)).status()).isEqualTo(200);
		assertThat(http.get("/api/me", Auth.bearer(metricsToken)).status()).as("a metrics token is not an API token")
			.isEqualTo(403);
		assertThat(http.get("/actuator/metrics", Auth.bearer(metricsToken)).status()).isEqualTo(403);
	}

}
