package dev.mamori.web.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.monitor.checklist.ChecklistService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Browser;
import dev.mamori.support.Http;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
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
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app's logs (a file and a command) on its page with search, follow and masked secrets, and a
 * checklist signed off, in headless Chromium, in English and Japanese at phone width.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class LogAndChecklistBrowserTests {

	@TempDir
	static Path temp;

	static Path logFile;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	ChecklistService checklists;

	ChromeDriver browser;

	@DynamicPropertySource
	static void config(DynamicPropertyRegistry registry) throws Exception {
		AppFixture.create(temp.resolve("ecm"), 10).register(registry, "ecm", null);
		logFile = temp.resolve("app.log");
		Files.writeString(logFile, """
				2027-01-04 10:00:00 INFO started
				2027-01-04 10:00:01 ERROR db timeout url=postgresql://ecm:hunter2@db/ecm password=hunter2
				2027-01-04 10:00:02 INFO request ok
				""");
		Path journal = temp.resolve("journal.sh");
		// Stands in for journalctl -u ecm (no journal on a build machine): a script printing a unit's log.
		Files.writeString(journal, "#!/bin/bash\nfor i in 1 2 3; do echo \"ecm[42]: journal line $i\"; done\n"
				+ "echo 'ecm[42]: ERROR from the journal Authorization: Bearer abc.def'\n");
		registry.add("mamori.logs.app-log.app", () -> "ecm");
		registry.add("mamori.logs.app-log.file", logFile::toString);
		registry.add("mamori.logs.journal.app", () -> "ecm");
		registry.add("mamori.logs.journal.command[0]", () -> "bash");
		registry.add("mamori.logs.journal.command[1]", journal::toString);
		String key = "mamori.checklists.weekly-ops";
		registry.add(key + ".title.en", () -> "Weekly checks");
		registry.add(key + ".title.ja", () -> "週次点検");
		registry.add(key + ".schedule", () -> "weekly");
		registry.add(key + ".items[0].id", () -> "logs");
		registry.add(key + ".items[0].title.en", () -> "Read the error logs");
		registry.add(key + ".items[0].title.ja", () -> "エラーログを確認");
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void theAppPageShowsItsLogsSearchedFollowedAndMasked() throws Exception {
		RoleUsers.ensure(this.users, Role.VIEWER);
		this.browser = Browser.login("en", this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER));
		this.browser.get("http://127.0.0.1:" + this.port + "/apps/ecm");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.ignoring(StaleElementReferenceException.class);
		Browser.click(this.browser, wait.until(ExpectedConditions.presenceOfElementLocated(By.id("log-app-log"))));
		WebElement output = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("log-output")));
		assertThat(output.getText()).contains("INFO started").contains("ERROR db timeout").doesNotContain("hunter2")
			.contains("password=******");

		this.browser.findElement(By.id("log-search")).sendKeys("error");
		Browser.click(this.browser, this.browser.findElement(By.id("log-search-submit")));
		wait.until(ExpectedConditions.urlContains("search=error"));
		assertThat(this.browser.findElement(By.id("log-output")).getText()).contains("ERROR db timeout")
			.doesNotContain("INFO started");

		// Follow: lines written after the page was opened appear without a reload.
		this.browser.findElement(By.id("log-search")).clear();
		Browser.click(this.browser, this.browser.findElement(By.id("log-follow")));
		Browser.click(this.browser, this.browser.findElement(By.id("log-search-submit")));
		wait.until(ExpectedConditions.urlContains("follow=true"));
		Files.writeString(logFile, "2027-01-04 10:05:00 INFO a line written later\n", StandardOpenOption.APPEND);
		wait.until((d) -> d.findElement(By.id("log-output")).getText().contains("a line written later"));
		Browser.screenshot(this.browser, "ui-log-en");

		this.browser.get("http://127.0.0.1:" + this.port + "/apps/ecm/logs/journal?search=journal");
		assertThat(this.browser.findElement(By.id("log-output")).getText()).contains("journal line 1")
			.contains("journal line 3")
			.contains("ERROR from the journal Authorization: ******")
			.doesNotContain("abc.def");

		// The same through the API, and nothing for an app the source does not belong to.
		Http http = Http.on(this.port);
		JsonNode log = http.get("/api/logs/app-log?search=ERROR&lines=10", RoleUsers.ensure(this.users, Role.VIEWER)).json();
		assertThat(log.get("lines").size()).isEqualTo(1);
		assertThat(log.toString()).doesNotContain("hunter2");
		assertThat(http.get("/api/logs/app-log", Http.Auth.NONE).status()).isEqualTo(401);
		assertThat(http.get("/api/logs/nope", RoleUsers.ensure(this.users, Role.VIEWER)).status()).isEqualTo(404);
		this.browser.get("http://127.0.0.1:" + this.port + "/apps/other/logs/app-log");
		assertThat(this.browser.getPageSource()).doesNotContain("INFO started");
	}

	@Test
	void aLogInJapaneseAtPhoneWidth() {
		RoleUsers.ensure(this.users, Role.VIEWER);
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER));
		this.browser.manage().window().setSize(new Dimension(390, 844));
		this.browser.get("http://127.0.0.1:" + this.port + "/apps/ecm/logs/app-log");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.ignoring(StaleElementReferenceException.class);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("log-output")));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).contains("ログ app-log");
		assertThat(this.browser.findElement(By.id("log-search-submit")).getText()).isEqualTo("表示");
		assertThat(this.browser.findElement(By.id("log-count")).getText()).contains("行");
		assertNoHorizontalScroll();
		Browser.screenshot(this.browser, "ui-log-ja-phone");
	}

	@Test
	void anOperatorSignsAChecklistItemWithACommentInJapaneseAtPhoneWidth() {
		this.checklists.tick();
		RoleUsers.ensure(this.users, Role.OPERATOR);
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.OPERATOR), RoleUsers.password(Role.OPERATOR));
		this.browser.manage().window().setSize(new Dimension(390, 844));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.ignoring(StaleElementReferenceException.class);
		this.browser.get("http://127.0.0.1:" + this.port + "/checklists");
		WebElement checklist = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("checklist-weekly-ops")));
		assertThat(checklist.getText()).contains("週次点検").contains("エラーログを確認").contains("未完了");
		WebElement item = checklist.findElement(By.cssSelector("[data-item=logs]"));
		item.findElement(By.tagName("textarea")).sendKeys("エラーなし");
		assertNoHorizontalScroll();
		Browser.screenshot(this.browser, "ui-checklist-ja-phone");
		Browser.click(this.browser, item.findElement(By.cssSelector(".checklist-sign-button")));
		WebElement signed = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-item=logs] .checklist-signed")));
		assertThat(signed.getText()).contains("operator が").contains("に署名").contains("エラーなし");
		assertThat(this.browser.findElement(By.cssSelector(".checklist-run-status")).getText()).contains("完了");
		assertThat(this.browser.findElements(By.cssSelector(".checklist-sign-button"))).isEmpty();
		assertNoHorizontalScroll();
		// English labels for the same page.
		this.browser.get("http://127.0.0.1:" + this.port + "/checklists?lang=en");
		assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("checklist-weekly-ops"))).getText())
			.contains("Weekly checks").contains("Signed by operator").contains("Complete");
	}

	private void assertNoHorizontalScroll() {
		Object overflow = this.browser.executeScript(
				"return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(((Number) overflow).intValue()).as("horizontal overflow at phone width").isLessThanOrEqualTo(0);
	}

}
