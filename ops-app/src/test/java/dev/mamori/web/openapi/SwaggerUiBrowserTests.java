package dev.mamori.web.openapi;

import java.time.Duration;
import java.util.List;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Browser;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI in a real browser: after the login form it renders Mamori's document through the UI
 * session, and every script, style and document it loads comes from Mamori itself.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SwaggerUiBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	ChromeDriver browser;

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aLoggedInViewerSeesTheOperationsAndNothingIsLoadedFromElsewhere() {
		RoleUsers.ensure(this.users, Role.VIEWER);
		this.browser = Browser.login("en", this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER));
		String base = "http://127.0.0.1:" + this.port;
		this.browser.get(base + "/swagger-ui/index.html");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operations-backups-startBackup")));
		assertThat(this.browser.findElement(By.id("operations-backups-startBackup")).getText())
			.contains("/api/apps/{app}/backups");
		assertThat(this.browser.findElements(By.id("operations-restores-startRestore"))).hasSize(1);
		assertThat(this.browser.findElement(By.cssSelector(".info .title")).getText()).contains("Mamori API");
		Browser.screenshot(this.browser, "swagger-ui");
		assertThat(this.browser.findElements(By.cssSelector(".topbar, .download-url-input")))
			.as("no box to load another document").isEmpty();
		@SuppressWarnings("unchecked")
		List<String> loaded = (List<String>) this.browser
			.executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
		assertThat(loaded).isNotEmpty().allSatisfy((url) -> assertThat(url).startsWith(base));
		assertThat(loaded).anyMatch((url) -> url.endsWith("/v3/api-docs"));
	}

	@Test
	void anAnonymousVisitorIsSentToTheLoginPage() {
		this.browser = Browser.start("en");
		this.browser.get("http://127.0.0.1:" + this.port + "/swagger-ui/index.html");
		new WebDriverWait(this.browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
		assertThat(this.browser.getPageSource()).doesNotContain("startBackup");
	}

}
