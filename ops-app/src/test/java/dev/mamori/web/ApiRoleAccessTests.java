package dev.mamori.web;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.ApiTokenService;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API endpoint of the foundation, called with no credentials and as each role, through the
 * real filter chains.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApiRoleAccessTests {

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	ApiTokenService tokens;

	static Stream<Arguments> endpoints() {
		// method, path, body, expected: none, VIEWER, OPERATOR, ADMIN
		return Stream.of(
				Arguments.of("GET", "/api/me", null, 401, 200, 200, 200),
				Arguments.of("GET", "/api/users", null, 401, 403, 403, 200),
				Arguments.of("GET", "/api/users/{user}", null, 401, 403, 403, 200),
				Arguments.of("POST", "/api/users", "{\"username\":\"{new}\",\"password\":\"password-123\",\"role\":\"VIEWER\"}",
						401, 403, 403, 201),
				Arguments.of("PUT", "/api/users/{user}", "{\"role\":\"OPERATOR\"}", 401, 403, 403, 200),
				Arguments.of("DELETE", "/api/users/{user}", null, 401, 403, 403, 204),
				Arguments.of("GET", "/api/tokens", null, 401, 200, 200, 200),
				Arguments.of("POST", "/api/tokens", "{\"name\":\"ci\",\"role\":\"VIEWER\"}", 401, 201, 201, 201),
				Arguments.of("DELETE", "/api/tokens/{token}", null, 401, 204, 204, 204),
				Arguments.of("GET", "/api/audit", null, 401, 403, 403, 200),
				Arguments.of("GET", "/api/audit/verify", null, 401, 403, 403, 200));
	}

	@ParameterizedTest(name = "{0} {1}: none {3}, VIEWER {4}, OPERATOR {5}, ADMIN {6}")
	@MethodSource("endpoints")
	void eachRoleGetsTheExpectedStatus(String method, String path, String body, int none, int viewer, int operator,
			int admin) {
		Map<Role, Integer> expected = Map.of(Role.VIEWER, viewer, Role.OPERATOR, operator, Role.ADMIN, admin);
		assertThat(call(method, path, body, Auth.NONE, Role.ADMIN).status()).as("no credentials").isEqualTo(none);
		for (Role role : Role.values()) {
			Http.Response response = call(method, path, body, RoleUsers.ensure(this.users, role), role);
			assertThat(response.status()).as(role + " " + response.body()).isEqualTo(expected.get(role));
			if (response.status() >= 400) {
				assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			}
		}
	}

	private Http.Response call(String method, String path, String body, Auth auth, Role role) {
		String target = "target-" + UUID.randomUUID().toString().substring(0, 8);
		if (path.contains("{user}")) {
			this.users.create(Actor.SYSTEM, target, "password-123", Role.VIEWER);
		}
		String resolvedPath = path.replace("{user}", target);
		if (path.contains("{token}")) {
			RoleUsers.ensure(this.users, role);
			long id = this.tokens.create(Actor.user(RoleUsers.username(role), null), role, "to revoke", null, null, null)
				.token()
				.id();
			resolvedPath = resolvedPath.replace("{token}", Long.toString(id));
		}
		String resolvedBody = (body != null) ? body.replace("{new}", "new-" + target) : null;
		return Http.on(this.port).send(method, resolvedPath, auth, resolvedBody);
	}

}
