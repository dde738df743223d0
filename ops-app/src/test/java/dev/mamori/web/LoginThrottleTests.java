package dev.mamori.web;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditLog.AuditQuery;
import dev.mamori.core.audit.AuditRecord;
import dev.mamori.core.testsupport.MutableClock;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.TestClockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After 5 failed logins for one username within 15 minutes, the 6th is refused even with the right
 * password, over HTTP Basic and the login form alike, and each refusal is audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClockConfiguration.class)
class LoginThrottleTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	AuditLog audit;

	@Autowired
	MutableClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void sixthBasicAttemptIsRefusedWithTheRightPasswordUntilTheLockoutEnds() {
		this.users.create(Actor.SYSTEM, "taro", "right-password", Role.VIEWER);
		Http http = Http.on(this.port);
		for (int i = 1; i <= 5; i++) {
			assertThat(http.get("/api/me", Auth.basic("taro", "wrong-" + i)).status()).as("attempt " + i).isEqualTo(401);
			if (i < 5) {
				this.clock.advance(Duration.ofMinutes(2));
			}
		}
		Http.Response refused = http.get("/api/me", Auth.basic("taro", "right-password"));
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Retry-After")).isNotNull();
		assertThat(refused.json().get("title").asString()).isEqualTo("Too many failed logins");
		assertThat(events("LOGIN_FAILED", "taro")).hasSize(5);
		assertThat(events("LOGIN_REFUSED", "taro")).hasSize(1);

		this.clock.advance(Duration.ofMinutes(14));
		assertThat(http.get("/api/me", Auth.basic("taro", "right-password")).status()).isEqualTo(429);
		assertThat(events("LOGIN_REFUSED", "taro")).hasSize(2);

		this.clock.advance(Duration.ofMinutes(2));
		assertThat(http.get("/api/me", Auth.basic("taro", "right-password")).status()).isEqualTo(200);
	}

	@Test
	void failuresSpreadOverMoreThanTheWindowDoNotLock() {
		this.users.create(Actor.SYSTEM, "jiro", "right-password", Role.VIEWER);
		Http http = Http.on(this.port);
		for (int i = 1; i <= 8; i++) {
			assertThat(http.get("/api/me", Auth.basic("jiro", "wrong")).status()).isEqualTo(401);
			// Four failures in each 15-minute window, never five.
			this.clock.advance(Duration.ofMinutes((i % 4 == 0) ? 16 : 1));
		}
		assertThat(http.get("/api/me", Auth.basic("jiro", "right-password")).status()).isEqualTo(200);
	}

	@Test
	void formLoginIsLockedTooAndShowsWhy() {
		this.users.create(Actor.SYSTEM, "saburo", "right-password", Role.VIEWER);
		Http browser = Http.withCookies(this.port);
		for (int i = 1; i <= 5; i++) {
			Http.Response response = login(browser, "saburo", "wrong");
			assertThat(response.header("Location")).endsWith("/login?error");
		}
		Http.Response refused = login(browser, "saburo", "right-password");
		assertThat(refused.status()).isEqualTo(302);
		assertThat(refused.header("Location")).endsWith("/login?locked");
		assertThat(browser.get("/login?locked", null, "Accept-Language", "en").body())
			.contains("Too many failed logins");
		assertThat(events("LOGIN_REFUSED", "saburo")).hasSize(1);
	}

	@Test
	void unknownUsernamesAreThrottledTooSoTheLockRevealsNothing() {
		Http http = Http.on(this.port);
		for (int i = 1; i <= 5; i++) {
			assertThat(http.get("/api/me", Auth.basic("ghost", "x")).status()).isEqualTo(401);
		}
		assertThat(http.get("/api/me", Auth.basic("ghost", "x")).status()).isEqualTo(429);
	}

	private Http.Response login(Http browser, String username, String password) {
		String page = browser.get("/login", null).body();
		Matcher csrf = CSRF.matcher(page);
		assertThat(csrf.find()).as("login form has a CSRF token").isTrue();
		return browser.postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf.group(1)));
	}

	private java.util.List<AuditRecord> events(String action, String target) {
		return this.audit.search(new AuditQuery(null, action, null, null), PageRequest.of(0, 100))
			.getContent()
			.stream()
			.filter((e) -> target.equals(e.target()))
			.toList();
	}

}
