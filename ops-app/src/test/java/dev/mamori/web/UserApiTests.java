package dev.mamori.web;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class UserApiTests {

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Test
	void invalidBodyGets400ProblemNamingEveryBadField() {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http.Response response = Http.on(this.port).post("/api/users", admin, "{\"username\":\"\",\"password\":\"x\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("title").asString()).isEqualTo("Invalid request");
		assertThat(problem.get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("username", "role");
	}

	@Test
	void weakPasswordAndBadRoleAreNamed() {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http http = Http.on(this.port);
		Http.Response weak = http.post("/api/users", admin,
				"{\"username\":\"weakling\",\"password\":\"short\",\"role\":\"VIEWER\"}");
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
		Http.Response badRole = http.post("/api/users", admin,
				"{\"username\":\"someone\",\"password\":\"password-123\",\"role\":\"ROOT\"}");
		assertThat(badRole.status()).isEqualTo(400);
		assertThat(badRole.json().get("detail").asString()).contains("ROOT");
	}

	@Test
	void createdUserCanLogInWithTheHashedPasswordAndDuplicatesConflict() {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http http = Http.on(this.port);
		String body = "{\"username\":\"hanako\",\"password\":\"password-123\",\"role\":\"OPERATOR\"}";
		Http.Response created = http.post("/api/users", admin, body);
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo("/api/users/hanako");
		assertThat(created.body()).doesNotContain("password-123").doesNotContain("passwordHash");
		assertThat(http.get("/api/me", Auth.basic("hanako", "password-123")).json().get("role").asString())
			.isEqualTo("OPERATOR");
		assertThat(http.post("/api/users", admin, body).status()).isEqualTo(409);
	}

	@Test
	void theLastEnabledAdminCannotBeDeletedDemotedOrDisabled() {
		Http http = Http.on(this.port);
		Auth admin = Auth.basic("admin", "admin-password-1");
		// Only 'admin' is ADMIN when admin2 is not there; demote admin2 first if another test made it.
		if (http.get("/api/users/admin2", admin).status() == 200) {
			assertThat(http.send("DELETE", "/api/users/admin2", admin, null).status()).isEqualTo(204);
		}
		assertThat(http.send("DELETE", "/api/users/admin", admin, null).status()).isEqualTo(409);
		assertThat(http.send("PUT", "/api/users/admin", admin, "{\"role\":\"VIEWER\"}").status()).isEqualTo(409);
		Http.Response disable = http.send("PUT", "/api/users/admin", admin, "{\"enabled\":false}");
		assertThat(disable.status()).isEqualTo(409);
		assertThat(disable.json().get("detail").asString()).contains("last enabled ADMIN");
		assertThat(http.get("/api/me", admin).json().get("role").asString()).isEqualTo("ADMIN");
	}

	@Test
	void unknownUserIs404() {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http.Response response = Http.on(this.port).send("PUT", "/api/users/nobody", admin, "{\"enabled\":true}");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("detail").asString()).contains("nobody");
	}

}
