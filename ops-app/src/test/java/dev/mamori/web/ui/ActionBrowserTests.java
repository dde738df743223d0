package dev.mamori.web.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Browser;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actions page, the app page's actions and a run's page in headless Chromium: output arrives
 * line by line while the command runs, a destructive action's button stays disabled until its id
 * is typed, in English and Japanese, at phone width; the forms are refused to roles below the
 * action's.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class ActionBrowserTests {

	@TempDir
	static Path temp;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	ChromeDriver browser;

	@DynamicPropertySource
	static void config(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("ecm"), 10).register(registry, "ecm", null);
		action(registry, "count", "OPERATOR", "Count to six", "六まで数える", "bash", "-c",
				"for i in 1 2 3 4 5 6; do echo line-$i; sleep 1; done");
		action(registry, "wipe-cache", "ADMIN", "Wipe the cache", "キャッシュを消去", "printf", "wiped\\n");
		registry.add("mamori.actions.wipe-cache.confirm", () -> "true");
		action(registry, "restart", "OPERATOR", "Restart a service", "サービスを再起動", "printf", "[%s]\\n", "{service}");
		registry.add("mamori.actions.restart.parameters.service.values[0]", () -> "backend");
		registry.add("mamori.actions.restart.parameters.service.values[1]", () -> "frontend");
	}

	private static void action(DynamicPropertyRegistry registry, String id, String role, String en, String ja,
			String... argv) {
		String key = "mamori.actions." + id;
		registry.add(key + ".app", () -> "ecm");
		registry.add(key + ".title.en", () -> en);
		registry.add(key + ".title.ja", () -> ja);
		registry.add(key + ".role", () -> role);
		for (int i = 0; i < argv.length; i++) {
			String element = argv[i];
			registry.add(key + ".argv[" + i + "]", () -> element);
		}
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void theRunPageShowsLinesWhileTheCommandStillRuns() {
		RoleUsers.ensure(this.users, Role.OPERATOR);
		this.browser = Browser.login("en", this.port, RoleUsers.username(Role.OPERATOR), RoleUsers.password(Role.OPERATOR));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.ignoring(StaleElementReferenceException.class);
		wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-actions"))).click();
		assertThat(this.browser.findElement(By.id("action-count")).getText()).contains("Count to six");
		Browser.click(this.browser, this.browser.findElement(By.id("run-count")));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-output")));
		// Lines arrive while the page still shows the run as running, before the last line exists.
		wait.until((d) -> d.findElement(By.id("action-output")).getText().contains("line-2"));
		assertThat(this.browser.findElement(By.id("action-run")).getAttribute("data-status")).isEqualTo("RUNNING");
		assertThat(this.browser.findElement(By.id("action-output")).getText()).doesNotContain("line-6");
		Browser.screenshot(this.browser, "ui-action-running-en");
		// When it ends the page shows the stored result.
		new WebDriverWait(this.browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class).until((d) -> "SUCCEEDED"
			.equals(d.findElement(By.id("action-run")).getAttribute("data-status")));
		assertThat(this.browser.findElement(By.id("action-output")).getText()).contains("line-1").contains("line-6");
		assertThat(this.browser.findElement(By.id("action-status")).getText()).isEqualTo("Succeeded");
		assertThat(this.browser.findElement(By.id("action-by")).getText()).isEqualTo("operator");

		// The app's page offers its actions and lists the run.
		this.browser.get("http://127.0.0.1:" + this.port + "/apps/ecm");
		WebElement section = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("actions")));
		assertThat(section.getText()).contains("Count to six").contains("Restart a service");
		assertThat(section.findElements(By.cssSelector("[data-action-run]"))).isNotEmpty();
		new org.openqa.selenium.support.ui.Select(this.browser.findElement(By.id("restart-p-service")))
			.selectByValue("frontend");
		Browser.click(this.browser, this.browser.findElement(By.id("run-restart")));
		new WebDriverWait(this.browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class).until((d) -> "SUCCEEDED"
			.equals(d.findElement(By.id("action-run")).getAttribute("data-status")));
		assertThat(this.browser.findElement(By.id("action-output")).getText()).isEqualTo("[frontend]");
		assertThat(this.browser.findElement(By.id("action-parameters")).getText()).contains("service=frontend");
		// An ADMIN action shows no form to OPERATOR.
		this.browser.get("http://127.0.0.1:" + this.port + "/actions");
		assertThat(this.browser.findElements(By.id("action-form-wipe-cache"))).isEmpty();
		assertThat(this.browser.findElement(By.id("action-wipe-cache")).getText()).contains("Needs the role Administrator");
	}

	@Test
	void aDestructiveActionNeedsItsIdTypedInJapaneseAtPhoneWidth() {
		RoleUsers.ensure(this.users, Role.ADMIN);
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN));
		this.browser.manage().window().setSize(new Dimension(390, 844));
		this.browser.get("http://127.0.0.1:" + this.port + "/actions");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.ignoring(StaleElementReferenceException.class);
		WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-wipe-cache")));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("アクション");
		assertThat(card.getText()).contains("キャッシュを消去").contains("確認入力が必要").contains("確認のため wipe-cache と入力してください");
		WebElement button = this.browser.findElement(By.id("run-wipe-cache"));
		assertThat(button.getText()).isEqualTo("実行");
		assertThat(button.isEnabled()).isFalse();
		WebElement confirm = this.browser.findElement(By.id("wipe-cache-confirm"));
		confirm.sendKeys("wipe");
		assertThat(button.isEnabled()).isFalse();
		confirm.sendKeys("-cache");
		assertThat(button.isEnabled()).isTrue();
		assertNoHorizontalScroll();
		Browser.screenshot(this.browser, "ui-actions-ja-phone");
		Browser.click(this.browser, button);
		new WebDriverWait(this.browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class).until((d) -> "SUCCEEDED"
			.equals(d.findElement(By.id("action-run")).getAttribute("data-status")));
		assertThat(this.browser.findElement(By.id("action-status")).getText()).isEqualTo("成功");
		assertThat(this.browser.findElement(By.id("action-output")).getText()).isEqualTo("wiped");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).contains("キャッシュを消去");
		assertNoHorizontalScroll();
		Browser.screenshot(this.browser, "ui-action-run-ja-phone");
	}

	@Test
	void formsAreRefusedToRolesBelowTheActionsAndWithoutTheCsrfToken() {
		RoleUsers.ensure(this.users, Role.VIEWER);
		RoleUsers.ensure(this.users, Role.OPERATOR);
		UiSession viewer = UiSession.login(this.port, "viewer", RoleUsers.password(Role.VIEWER), "en");
		String page = viewer.get("/actions", "en").body();
		assertThat(page).contains("Count to six").doesNotContain("action-form-count");
		assertThat(viewer.post("/actions/count/run", Map.of(), "en").status()).isEqualTo(403);
		UiSession operator = UiSession.login(this.port, "operator", RoleUsers.password(Role.OPERATOR), "en");
		assertThat(operator.post("/actions/wipe-cache/run", Map.of("confirmation", "wipe-cache"), "en").status())
			.isEqualTo(403);
		assertThat(operator.postWithoutToken("/actions/restart/run").status()).isEqualTo(403);
		// A value outside the set comes back to the form with the reason, and nothing ran.
		assertThat(operator.post("/actions/restart/run", Map.of("p.service", "db; id"), "en").header("Location"))
			.endsWith("/actions#action-restart");
		assertThat(operator.post("/actions/no-such/run", Map.of(), "en").status()).isEqualTo(404);
	}

	private void assertNoHorizontalScroll() {
		Object overflow = this.browser.executeScript(
				"return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(((Number) overflow).intValue()).as("horizontal overflow at phone width").isLessThanOrEqualTo(0);
	}

}
