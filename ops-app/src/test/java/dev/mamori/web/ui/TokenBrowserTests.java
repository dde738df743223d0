package dev.mamori.web.ui;

import java.time.Duration;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Browser;
import dev.mamori.support.Http;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An API token created on the account page: its secret, shown once, works against /api/me, is
 * stored nowhere in Mamori's database (sessions included), and stops working once revoked.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TokenBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	JdbcTemplate jdbc;

	ChromeDriver browser;

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aTokenCreatedInTheUiWorksUntilItIsRevoked() {
		RoleUsers.ensure(this.users, Role.OPERATOR);
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.OPERATOR), RoleUsers.password(Role.OPERATOR));
		String base = "http://127.0.0.1:" + this.port;
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-account"))).click();
		Select role = new Select(this.browser.findElement(By.id("token-role")));
		assertThat(role.getOptions()).as("no role above the user's own").hasSize(2);
		this.browser.findElement(By.id("token-name")).sendKeys("cron");
		role.selectByValue("VIEWER");
		this.browser.findElement(By.id("token-create")).click();
		String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-secret"))).getAttribute("value");
		assertThat(secret).startsWith("mmr_");
		assertThat(this.browser.findElement(By.id("token-created")).getText()).contains("二度と表示できません");
		Browser.screenshot(this.browser, "ui-token-ja");

		Http.Response me = Http.on(this.port).get("/api/me", Http.Auth.bearer(secret));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.body()).contains("operator").contains("VIEWER");
		Integer stored = this.jdbc.queryForObject(
				"select count(*) from spring_session_attributes where cast(attribute_bytes as varchar(100000)) like ?",
				Integer.class, "%" + secret.substring(4, 20) + "%");
		assertThat(stored).as("the secret in a stored session").isZero();

		this.browser.get(base + "/account");
		this.browser.findElement(By.cssSelector("tr[data-token='cron'] .token-revoke")).click();
		wait.until(ExpectedConditions.alertIsPresent()).accept();
		wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-token='cron'] .token-status"), "失効"));
		assertThat(this.browser.findElements(By.id("token-secret"))).as("the secret is shown once only").isEmpty();
		assertThat(Http.on(this.port).get("/api/me", Http.Auth.bearer(secret)).status()).isEqualTo(401);
	}

	@Test
	void aUserChangesTheirPasswordWithErrorsNextToTheFieldsInJapaneseThenSwitchesToEnglish() {
		this.users.create(dev.mamori.core.Actor.SYSTEM, "dana", "dana-password-1", Role.VIEWER);
		this.browser = Browser.login("ja", this.port, "dana", "dana-password-1");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		this.browser.findElement(By.id("nav-account")).click();
		assertThat(this.browser.findElement(By.cssSelector("label[for='currentPassword']")).getText()).isEqualTo("現在のパスワード");

		changePassword("wrong-password", "dana-password-2", "dana-password-2");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("currentPassword-error")));
		assertThat(this.browser.findElement(By.id("currentPassword-error")).getText()).isEqualTo("現在のパスワードが違います。");
		assertThat(this.browser.findElement(By.id("currentPassword")).getAttribute("class")).contains("is-invalid");

		changePassword("dana-password-1", "dana-password-2", "dana-password-3");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirmPassword-error")));
		assertThat(this.browser.findElement(By.id("confirmPassword-error")).getText()).isEqualTo("新しいパスワードが一致しません。");

		changePassword("dana-password-1", "short", "short");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("newPassword-error")));
		assertThat(this.browser.findElement(By.id("newPassword-error")).getText()).contains("8 文字以上");

		changePassword("dana-password-1", "dana-password-2", "dana-password-2");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-changed")));
		assertThat(this.browser.findElement(By.id("password-changed")).getText()).isEqualTo("パスワードを変更しました。");
		assertThatThrownBy(() -> UiSession.login(this.port, "dana", "dana-password-1", "ja")).isInstanceOf(AssertionError.class);
		UiSession.login(this.port, "dana", "dana-password-2", "ja");

		// The language switch on the page; the choice is remembered on the next page.
		new Select(this.browser.findElement(By.id("language"))).selectByValue("en");
		this.browser.findElement(By.id("language-submit")).click();
		wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "My account"));
		this.browser.findElement(By.id("nav-monitors")).click();
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Monitors");
		assertThat(this.browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
	}

	private void changePassword(String current, String next, String repeat) {
		for (String[] field : new String[][] { { "currentPassword", current }, { "newPassword", next },
				{ "confirmPassword", repeat } }) {
			this.browser.findElement(By.id(field[0])).clear();
			this.browser.findElement(By.id(field[0])).sendKeys(field[1]);
		}
		this.browser.findElement(By.id("password-submit")).click();
	}

}
