package dev.mamori.web.ui;

import java.time.Duration;

import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditLog.AuditQuery;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.support.Browser;
import dev.mamori.support.RequiresBrowser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person in headless Chromium: logs in, sees the dashboard with their role, switches language,
 * logs out; and mistypes the password.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LoginBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	AuditLog audit;

	ChromeDriver browser;

	WebDriverWait wait;

	@BeforeEach
	void startBrowser() {
		this.browser = Browser.start("en");
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(10));
	}

	@AfterEach
	void quitBrowser() {
		this.browser.quit();
	}

	@Test
	void adminLogsInSeesTheRoleSwitchesToJapaneseAndLogsOut() {
		this.browser.get(url("/"));
		this.wait.until(ExpectedConditions.urlContains("/login"));
		login("admin", "admin-password-1");

		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-role")));
		assertThat(this.browser.findElement(By.id("current-user")).getText()).isEqualTo("Signed in as admin");
		assertThat(this.browser.findElement(By.id("current-role")).getText()).isEqualTo("Administrator");
		assertThat(this.browser.findElement(By.id("current-role")).getAttribute("data-role")).isEqualTo("ADMIN");
		Browser.screenshot(this.browser, "dashboard-en");

		this.browser.findElement(By.id("lang-ja")).click();
		this.wait.until(ExpectedConditions.textToBe(By.id("current-role"), "管理者"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("ダッシュボード");
		assertThat(this.browser.findElement(By.id("logout")).getText()).isEqualTo("ログアウト");
		Browser.screenshot(this.browser, "dashboard-ja");

		this.browser.findElement(By.id("logout")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logged-out")));
		assertThat(this.browser.findElement(By.id("logged-out")).getText()).isEqualTo("ログアウトしました。");
		this.browser.get(url("/"));
		this.wait.until(ExpectedConditions.urlContains("/login"));
		assertThat(this.audit.search(new AuditQuery("admin", "LOGOUT", null, null), PageRequest.of(0, 5))
			.getContent()).isNotEmpty();
	}

	@Test
	void aWrongPasswordShowsAnErrorAndIsAudited() {
		this.browser.get(url("/login"));
		login("admin", "not-the-password");
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
		assertThat(this.browser.findElement(By.id("login-error")).getText())
			.isEqualTo("Wrong username or password.");
		Browser.screenshot(this.browser, "login-error-en");
		assertThat(this.audit.search(new AuditQuery("admin", "LOGIN_FAILED", null, null), PageRequest.of(0, 5))
			.getContent()).anySatisfy((event) -> {
				assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
				assertThat(event.remoteAddress()).isEqualTo("127.0.0.1");
			});
	}

	private void login(String username, String password) {
		this.browser.findElement(By.id("username")).sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.id("login-submit")).click();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
