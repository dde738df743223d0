package dev.mamori.web.ui;

import java.util.Map;

import dev.mamori.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LoginPageTests {

	@LocalServerPort
	int port;

	@Test
	void loginPageIsJapaneseForAcceptLanguageJa() {
		String page = Http.on(this.port).get("/login", null, "Accept-Language", "ja").body();
		assertThat(page).contains("<html lang=\"ja\"").contains("ユーザー名").contains("パスワード").contains(">ログイン<");
		assertThat(page).doesNotContain("Username");
	}

	@Test
	void loginPageIsEnglishOtherwise() {
		Http http = Http.on(this.port);
		assertThat(http.get("/login", null, "Accept-Language", "en-US,en;q=0.9").body()).contains("Username")
			.doesNotContain("ユーザー名");
		assertThat(http.get("/login", null, "Accept-Language", "fr").body()).contains("Username");
		assertThat(http.get("/login", null).body()).contains("Username");
	}

	@Test
	void theLanguageSwitchOverridesTheBrowserAndIsRemembered() {
		Http browser = Http.withCookies(this.port);
		assertThat(browser.get("/login?lang=ja", null, "Accept-Language", "en").body()).contains("ユーザー名");
		assertThat(browser.get("/login", null, "Accept-Language", "en").body()).contains("ユーザー名");
		assertThat(browser.get("/login?lang=en", null, "Accept-Language", "ja").body()).contains("Username");
	}

	@Test
	void pagesUseOnlyAssetsServedByMamori() {
		Http http = Http.on(this.port);
		String page = http.get("/login", null).body();
		assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
		assertThat(http.get("/webjars/bootstrap/css/bootstrap.min.css", null).status()).isEqualTo(200);
	}

	@Test
	void unknownPagesShowMamorisOwnErrorPageInTheUsersLanguage() {
		Http browser = Http.withCookies(this.port);
		String login = browser.get("/login", null).body();
		java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
		assertThat(csrf.find()).isTrue();
		browser.postForm("/login", Map.of("username", "admin", "password", "admin-password-1", "_csrf", csrf.group(1)));
		Http.Response english = browser.get("/no-such-page", null, "Accept-Language", "en", "Accept", "text/html");
		assertThat(english.status()).isEqualTo(404);
		assertThat(english.body()).contains("This page does not exist.").doesNotContain("Whitelabel").doesNotContain("Exception");
		Http.Response japanese = browser.get("/no-such-page", null, "Accept-Language", "ja", "Accept", "text/html");
		assertThat(japanese.body()).contains("このページは存在しません。");
		// Scripts that do not ask for HTML get JSON, never a stack trace.
		Http.Response script = browser.get("/no-such-page", null);
		assertThat(script.body()).startsWith("{").contains("\"status\":404").doesNotContain("trace");
	}

	@Test
	void pagesNeedALoginAndFormsNeedACsrfToken() {
		Http http = Http.on(this.port);
		Http.Response dashboard = http.get("/", null);
		assertThat(dashboard.status()).isEqualTo(302);
		assertThat(dashboard.header("Location")).endsWith("/login");
		Http.Response forged = http.postForm("/login", Map.of("username", "admin", "password", "admin-password-1"));
		assertThat(forged.status()).as("login without CSRF token").isEqualTo(403);
	}

}
