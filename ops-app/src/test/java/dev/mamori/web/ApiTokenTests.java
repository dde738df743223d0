package dev.mamori.web;

import java.time.Duration;
import java.time.Instant;

import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditLog.AuditQuery;
import dev.mamori.core.testsupport.MutableClock;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TestClockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClockConfiguration.class)
class ApiTokenTests {

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	MutableClock clock;

	@Autowired
	AuditLog audit;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = Http.on(this.port);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void secretIsShownOnceAndOnlyItsPrefixIsListed() {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		JsonNode created = this.http.post("/api/tokens", admin, "{\"name\":\"deploy\"}").json();
		String secret = created.get("secret").asString();
		assertThat(secret).startsWith("mmr_").hasSizeGreaterThan(40);
		assertThat(created.get("token").get("role").asString()).isEqualTo("ADMIN");

		Http.Response list = this.http.get("/api/tokens", admin);
		assertThat(list.body()).doesNotContain(secret).doesNotContain("secret").doesNotContain("hash");
		assertThat(list.body()).contains(secret.substring(0, 10));

		JsonNode me = this.http.get("/api/me", Auth.bearer(secret)).json();
		assertThat(me.get("username").asString()).isEqualTo("admin2");
		assertThat(me.get("authenticatedBy").asString()).isEqualTo("TOKEN");
	}

	@Test
	void viewerTokenOfAnAdminCannotCreateUsers() {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		String secret = createToken(admin, "{\"name\":\"read only\",\"role\":\"VIEWER\"}");
		assertThat(this.http.get("/api/me", Auth.bearer(secret)).json().get("role").asString()).isEqualTo("VIEWER");
		Http.Response response = this.http.post("/api/users", Auth.bearer(secret),
				"{\"username\":\"sneaky\",\"password\":\"password-123\",\"role\":\"ADMIN\"}");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json().get("title").asString()).isEqualTo("Forbidden");
	}

	@Test
	void aTokenCannotHaveAHigherRoleThanItsCreator() {
		Auth operator = RoleUsers.ensure(this.users, Role.OPERATOR);
		Http.Response response = this.http.post("/api/tokens", operator, "{\"name\":\"x\",\"role\":\"ADMIN\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("role");
	}

	@Test
	void expiredTokenIsRejectedWith401() {
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		Instant expiry = this.clock.instant().plus(Duration.ofHours(1));
		String secret = createToken(viewer, "{\"name\":\"short\",\"expiresAt\":\"" + expiry + "\"}");
		assertThat(this.http.get("/api/me", Auth.bearer(secret)).status()).isEqualTo(200);
		this.clock.advance(Duration.ofHours(1).plusSeconds(1));
		Http.Response response = this.http.get("/api/me", Auth.bearer(secret));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void revokedTokenIsRejectedWith401AndTheRejectionIsAudited() {
		Auth operator = RoleUsers.ensure(this.users, Role.OPERATOR);
		JsonNode created = this.http.post("/api/tokens", operator, "{\"name\":\"to revoke\"}").json();
		String secret = created.get("secret").asString();
		long id = created.get("token").get("id").asLong();
		assertThat(this.http.get("/api/me", Auth.bearer(secret)).status()).isEqualTo(200);
		assertThat(this.http.send("DELETE", "/api/tokens/" + id, operator, null).status()).isEqualTo(204);
		assertThat(this.http.get("/api/me", Auth.bearer(secret)).status()).isEqualTo(401);
		assertThat(this.audit.search(new AuditQuery(null, "TOKEN_REJECTED", null, null), PageRequest.of(0, 50))
			.getContent()).anySatisfy((event) -> assertThat(event.target()).isEqualTo(secret.substring(0, 10) + "…"));
	}

	@Test
	void usersCannotRevokeSomeoneElsesToken() {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		long id = this.http.post("/api/tokens", admin, "{\"name\":\"admin's\"}").json().get("token").get("id").asLong();
		assertThat(this.http.send("DELETE", "/api/tokens/" + id, viewer, null).status()).isEqualTo(404);
	}

	@Test
	void aTokenActsWithItsOwnersLowerRoleAfterADemotion() {
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		String victim = "demoted-user";
		this.http.post("/api/users", admin,
				"{\"username\":\"" + victim + "\",\"password\":\"password-123\",\"role\":\"OPERATOR\"}");
		String secret = createToken(Auth.basic(victim, "password-123"), "{\"name\":\"ops\"}");
		assertThat(this.http.get("/api/me", Auth.bearer(secret)).json().get("role").asString()).isEqualTo("OPERATOR");
		this.http.send("PUT", "/api/users/" + victim, admin, "{\"role\":\"VIEWER\"}");
		assertThat(this.http.get("/api/me", Auth.bearer(secret)).json().get("role").asString()).isEqualTo("VIEWER");
		this.http.send("PUT", "/api/users/" + victim, admin, "{\"enabled\":false}");
		assertThat(this.http.get("/api/me", Auth.bearer(secret)).status()).isEqualTo(401);
	}

	@Test
	void unknownTokenIsRejectedWith401() {
		assertThat(this.http.get("/api/me", Auth.bearer("mmr_not-a-real-token-at-all")).status()).isEqualTo(401);
		assertThat(this.http.get("/api/me", Auth.bearer("garbage")).status()).isEqualTo(401);
	}

	private String createToken(Auth auth, String body) {
		Http.Response response = this.http.post("/api/tokens", auth, body);
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().get("secret").asString();
	}

}
