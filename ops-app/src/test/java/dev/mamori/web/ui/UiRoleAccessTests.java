package dev.mamori.web.ui;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.monitor.MonitorService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page and form of the web UI, opened and posted (with a valid CSRF token) as VIEWER,
 * OPERATOR and ADMIN through the real filter chain: what a role's buttons do not offer, the server
 * refuses with the 403 page in the viewer's language.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class UiRoleAccessTests {

	@TempDir
	static Path temp;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	MonitorService monitors;

	long monitorId;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("blog"), 5).register(registry, "blog", null);
	}

	@BeforeEach
	void monitor() {
		String name = "ui-access";
		this.monitorId = this.monitors.list(false)
			.stream()
			.filter((m) -> m.name().equals(name))
			.findFirst()
			.map((m) -> m.id())
			.orElseGet(() -> this.monitors.create(name,
					new MonitorForm(name, "TCP", "", "", "", "", "", "", "127.0.0.1", 9, null, "", "", "1h", "1s", 3, 2,
							false, "").apply(null),
					Actor.SYSTEM).id());
	}

	static Stream<Arguments> pages() {
		// method, path, form fields, expected for VIEWER, OPERATOR, ADMIN
		return Stream.of(
				Arguments.of("GET", "/", null, 200, 200, 200),
				Arguments.of("GET", "/apps/blog", null, 200, 200, 200),
				Arguments.of("GET", "/monitors", null, 200, 200, 200),
				Arguments.of("GET", "/monitors/{monitor}", null, 200, 200, 200),
				Arguments.of("GET", "/monitors/{monitor}?range=7d", null, 200, 200, 200),
				Arguments.of("GET", "/incidents", null, 200, 200, 200),
				Arguments.of("GET", "/restores", null, 200, 200, 200),
				Arguments.of("GET", "/account", null, 200, 200, 200),
				Arguments.of("GET", "/apps/blog/restore", null, 403, 403, 200),
				Arguments.of("GET", "/monitors/new", null, 403, 403, 200),
				Arguments.of("GET", "/monitors/{monitor}/edit", null, 403, 403, 200),
				Arguments.of("GET", "/audit", null, 403, 403, 200),
				Arguments.of("GET", "/audit.csv", null, 403, 403, 200),
				Arguments.of("GET", "/admin", null, 403, 403, 200),
				Arguments.of("GET", "/admin/config", null, 403, 403, 200),
				Arguments.of("POST", "/apps/blog/backups", Map.of(), 403, 302, 302),
				// A snapshot, incident or token that does not exist: the role check comes first (403);
				// a role that passes it gets "not found".
				Arguments.of("POST", "/apps/blog/snapshots/999999/verify", Map.of(), 403, 404, 404),
				Arguments.of("POST", "/incidents/999999/ack", Map.of(), 403, 404, 404),
				Arguments.of("POST", "/apps/blog/restores", Map.of("snapshot", "999999", "sources", "db", "confirm", "blog"),
						403, 403, 404),
				Arguments.of("POST", "/monitors/{monitor}/pause", Map.of(), 403, 302, 302),
				Arguments.of("POST", "/monitors/{monitor}/resume", Map.of(), 403, 302, 302),
				Arguments.of("POST", "/monitors", Map.of("name", "{new}", "type", "TCP", "host", "127.0.0.1", "port", "9",
						"interval", "1h"), 403, 403, 302),
				Arguments.of("POST", "/monitors/{monitor}", Map.of("name", "ui-access", "type", "TCP", "host", "127.0.0.1",
						"port", "9", "interval", "2h"), 403, 403, 302),
				Arguments.of("POST", "/monitors/999999/delete", Map.of(), 403, 403, 404),
				Arguments.of("POST", "/admin/users", Map.of("username", "{new}", "password", "password-123", "role", "VIEWER"),
						403, 403, 302),
				Arguments.of("POST", "/admin/users/{user}/role", Map.of("role", "OPERATOR"), 403, 403, 302),
				Arguments.of("POST", "/admin/users/{user}/enabled", Map.of("enabled", "false"), 403, 403, 302),
				Arguments.of("POST", "/admin/users/{user}/password", Map.of("password", "password-456"), 403, 403, 302),
				Arguments.of("POST", "/admin/tokens/999999/revoke", Map.of(), 403, 403, 302),
				Arguments.of("POST", "/admin/notifications/test", Map.of(), 403, 403, 302),
				Arguments.of("POST", "/account/password",
						Map.of("currentPassword", "wrong", "newPassword", "password-789", "confirmPassword", "password-789"),
						302, 302, 302),
				Arguments.of("POST", "/account/tokens", Map.of("name", "ci", "role", "VIEWER"), 200, 200, 200),
				Arguments.of("POST", "/account/tokens/999999/revoke", Map.of(), 302, 302, 302));
	}

	@ParameterizedTest(name = "{0} {1}: VIEWER {3}, OPERATOR {4}, ADMIN {5}")
	@MethodSource("pages")
	void eachRoleGetsThePageOrTheRefusal(String method, String path, Map<String, String> form, int viewer,
			int operator, int admin) {
		Map<Role, Integer> expected = new EnumMap<>(Map.of(Role.VIEWER, viewer, Role.OPERATOR, operator, Role.ADMIN, admin));
		for (Role role : Role.values()) {
			RoleUsers.ensure(this.users, role);
			UiSession session = UiSession.login(this.port, RoleUsers.username(role), RoleUsers.password(role), "en");
			String target = "target-" + UUID.randomUUID().toString().substring(0, 8);
			if (path.contains("{user}")) {
				this.users.create(Actor.SYSTEM, target, "password-123", Role.VIEWER);
			}
			String resolved = path.replace("{monitor}", String.valueOf(this.monitorId)).replace("{user}", target);
			Http.Response response;
			if (method.equals("GET")) {
				response = session.get(resolved, "en");
			}
			else {
				Map<String, String> fields = new HashMap<>();
				form.forEach((k, v) -> fields.put(k, v.replace("{new}", target)));
				response = session.post(resolved, fields, "en");
			}
			assertThat(response.status()).as(role + " " + method + " " + resolved).isEqualTo(expected.get(role));
			if (response.status() == 403) {
				assertThat(response.body()).contains("You do not have permission").doesNotContain("Exception");
			}
			if (response.status() == 404) {
				assertThat(response.body()).contains("This page does not exist").doesNotContain("Exception");
			}
		}
	}

	@Test
	void theRefusalPageIsInJapaneseForAJapaneseBrowser() {
		RoleUsers.ensure(this.users, Role.VIEWER);
		UiSession session = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER),
				"ja");
		Http.Response refused = session.get("/admin", "ja");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body()).contains("このページを開く権限がありません").doesNotContain("Whitelabel");
		Http.Response missing = session.get("/monitors/999999", "ja");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.body()).contains("このページは存在しません");
	}

	@Test
	void aFormPostedWithoutTheCsrfTokenIsRefusedEvenForAnAdmin() {
		RoleUsers.ensure(this.users, Role.ADMIN);
		UiSession session = UiSession.login(this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN), "en");
		assertThat(session.postWithoutToken("/admin/notifications/test").status()).isEqualTo(403);
		assertThat(session.postWithoutToken("/monitors/" + this.monitorId + "/delete").status()).isEqualTo(403);
		assertThat(this.monitors.get(this.monitorId, false).name()).isEqualTo("ui-access");
	}

}
