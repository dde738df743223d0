package dev.mamori.web.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.DrillService;
import dev.mamori.backup.RunStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Browser;
import dev.mamori.support.Http;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
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
 * Issue 15, acceptance 8, in headless Chromium: an OPERATOR starts a drill from the app page and follows
 * it to its report; the dashboard then says "proven restorable" with the report number and the app page
 * lists the drill (English and Japanese, phone width for Japanese); a VIEWER sees the history but no start
 * button, and the form and the API answer 403.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class DrillBrowserTests {

	@TempDir
	static Path temp;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	BackupService backups;

	@Autowired
	DrillService drills;

	ChromeDriver browser;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("brw"), 120).register(registry, "brw", null);
		AppFixture.create(temp.resolve("brj"), 80).register(registry, "brj", null);
		for (String app : new String[] { "brw", "brj" }) {
			registry.add("mamori.apps." + app + ".drill.scratch", () -> temp.resolve("scratch").toString());
			registry.add("mamori.apps." + app + ".drill.max-age", () -> "30d");
			registry.add("mamori.apps." + app + ".drill.queries[0].source", () -> "db");
			registry.add("mamori.apps." + app + ".drill.queries[0].sql", () -> "select count(*) from items");
			registry.add("mamori.apps." + app + ".drill.queries[0].expect", () -> "AT_LEAST");
			registry.add("mamori.apps." + app + ".objectives.rto", () -> "1h");
		}
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void anOperatorStartsADrillFollowsItToItsReportAndTheDashboardSaysProvenRestorable() {
		backUp("brw");
		RoleUsers.ensure(this.users, Role.OPERATOR);
		this.browser = Browser.login("en", this.port, RoleUsers.username(Role.OPERATOR), RoleUsers.password(Role.OPERATOR));
		this.browser.get(base() + "/");
		assertThat(this.browser.findElement(By.cssSelector("#app-brw .proven")).getText()).contains("never drilled");

		this.browser.get(base() + "/apps/brw");
		assertThat(this.browser.findElement(By.id("proven")).getText()).contains("No drill has passed yet.");
		this.browser.findElement(By.id("drill-start")).click();
		// The page reloads itself every second while the drill runs.
		new WebDriverWait(this.browser, Duration.ofSeconds(120)).ignoring(StaleElementReferenceException.class)
			.ignoring(org.openqa.selenium.NoSuchElementException.class)
			.until(ExpectedConditions.attributeToBe(By.id("drill-run"), "data-status", "PASSED"));
		assertThat(this.browser.findElement(By.id("drill-status")).getText()).isEqualTo("Passed");
		assertThat(this.browser.findElement(By.id("report")).getText()).contains("Restore drill report DRL-")
			.contains("PASSED").contains("1 verification queries passed");
		String number = this.drills.history("brw").get(0).reportNumber();
		Browser.screenshot(this.browser, "ui-drill-en");

		this.browser.get(base() + "/");
		assertThat(this.browser.findElement(By.cssSelector("#app-brw .proven-badge")).getText())
			.contains("min ago").contains("(" + number + ")");
		assertThat(this.browser.findElement(By.cssSelector("#app-brw .objective-rto")).getText()).contains("RTO 1 h 0 min met");
		this.browser.get(base() + "/apps/brw");
		assertThat(this.browser.findElement(By.cssSelector("#proven .proven-badge")).getText()).contains("Proven restorable");
		assertThat(this.browser.findElement(By.cssSelector("#drills tr[data-status='PASSED'] .drill-link")).getText())
			.isEqualTo(number);
	}

	@Test
	void aViewerReadsTheDrillHistoryInJapaneseOnAPhoneButCannotStartADrill() {
		backUp("brj");
		long id = this.drills.start("brj", null, Actor.SYSTEM).id();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.drills.run(id).finishedAt() != null);
		String number = this.drills.run(id).reportNumber();

		RoleUsers.ensure(this.users, Role.VIEWER);
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER));
		this.browser.manage().window().setSize(new Dimension(390, 844));
		this.browser.get(base() + "/");
		assertThat(this.browser.findElement(By.cssSelector("#app-brj .proven-badge")).getText()).contains("分前")
			.contains(number);
		this.browser.get(base() + "/apps/brj");
		assertThat(this.browser.findElement(By.id("restorability")).getText()).contains("復元できることの証明")
			.contains("訓練の履歴").contains("合格").contains("復旧目標");
		assertThat(this.browser.findElements(By.id("drill-start"))).as("VIEWER has no start button").isEmpty();
		this.browser.get(this.browser.findElement(By.cssSelector("#drills .drill-link")).getAttribute("href"));
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("report")));
		assertThat(this.browser.findElement(By.id("drill-status")).getText()).isEqualTo("合格");
		assertThat(this.browser.findElement(By.id("report")).getText()).contains("リストア訓練報告 " + number).contains("合格")
			.contains("検証クエリ");
		Number scroll = (Number) this.browser.executeScript("return document.documentElement.scrollWidth");
		assertThat(scroll.intValue()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(390);
		Browser.screenshot(this.browser, "ui-drill-ja-phone");

		UiSession viewer = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER), "ja");
		Http.Response form = viewer.post("/apps/brj/drills", Map.of(), "ja");
		assertThat(form.status()).isEqualTo(403);
		assertThat(form.body()).contains("このページを開く権限がありません。");
		assertThat(Http.on(this.port).post("/api/apps/brj/drills", RoleUsers.ensure(this.users, Role.VIEWER), "{}").status())
			.isEqualTo(403);
		assertThat(this.drills.history("brj")).hasSize(1);
	}

	private void backUp(String app) {
		BackupRunView run = this.backups.runAndWait(app, "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
