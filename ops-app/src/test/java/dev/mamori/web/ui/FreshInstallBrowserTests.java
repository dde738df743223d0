package dev.mamori.web.ui;

import java.nio.file.Path;
import java.time.Duration;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Browser;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh install (one app, never backed up, with a backup-freshness monitor) looks neutral in
 * headless Chromium, in Japanese and in English: no amber "needs attention", no "checking" and no
 * "down" only because the first backup has not run yet; the freshness monitor says it waits for it.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class: its fast monitors would otherwise keep checking (and logging) in the shared JVM.
@DirtiesContext
@ActiveProfiles("test")
class FreshInstallBrowserTests {

	@TempDir
	static Path temp;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	ChromeDriver browser;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("ecm"), 20).register(registry, "ecm", "0 3 * * *");
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		registry.add("mamori.monitors.ecm-backup.type", () -> "backup-freshness");
		registry.add("mamori.monitors.ecm-backup.app", () -> "ecm");
		registry.add("mamori.monitors.ecm-backup.max-age", () -> "26h");
		registry.add("mamori.monitors.ecm-backup.interval", () -> "200ms");
		registry.add("mamori.monitors.ecm-backup.failure-threshold", () -> "1");
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@ParameterizedTest
	@CsvSource({ "ja, 要確認, 確認中, 初回バックアップ待ち, まだ報告することはありません",
			"en, Needs attention, Checking, Waiting for the first backup, Nothing to report yet" })
	void aFreshInstallIsNeutralAndItsFreshnessMonitorWaitsForTheFirstBackup(String language, String amber,
			String checking, String waiting, String neutral) {
		RoleUsers.ensure(this.users, Role.VIEWER);
		this.browser = Browser.login(language, this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		// The freshness monitor has checked (several times: its interval is 200 ms) and waits.
		this.browser.get(base() + "/monitors");
		wait.until((d) -> {
			d.navigate().refresh();
			return "WAITING".equals(d.findElement(By.cssSelector("tr[data-monitor='ecm-backup'] .monitor-state"))
				.getAttribute("data-state"));
		});
		assertThat(this.browser.findElement(By.cssSelector("tr[data-monitor='ecm-backup'] .monitor-state")).getText())
			.isEqualTo(waiting);
		this.browser.findElement(By.cssSelector("tr[data-monitor='ecm-backup'] a")).click();
		wait.until((d) -> !d.findElements(By.id("monitor-state")).isEmpty());
		assertThat(this.browser.findElement(By.id("monitor-state")).getText()).isEqualTo(waiting);
		assertThat(this.browser.findElement(By.id("monitor-state")).getAttribute("class")).doesNotContain("text-bg-danger")
			.doesNotContain("text-bg-success");
		assertThat(this.browser.findElements(By.cssSelector("a[href*='/incidents/']"))).isEmpty();

		this.browser.get(base() + "/");
		assertThat(this.browser.findElement(By.id("summary")).getAttribute("data-summary")).isEqualTo("neutral");
		assertThat(this.browser.findElement(By.id("summary")).getAttribute("class")).doesNotContain("alert-warning")
			.doesNotContain("alert-danger");
		assertThat(this.browser.findElement(By.id("summary")).getText()).contains(neutral);
		assertThat(this.browser.findElement(By.id("app-ecm")).getAttribute("data-color")).isEqualTo("neutral");
		assertThat(this.browser.findElement(By.cssSelector("#app-ecm .app-health")).getText()).isEqualTo(waiting);
		assertThat(this.browser.findElement(By.cssSelector("#app-ecm .last-good-never")).getAttribute("class"))
			.doesNotContain("text-danger");
		String page = this.browser.findElement(By.tagName("main")).getText();
		assertThat(page).doesNotContain(amber).doesNotContain(checking);
		Browser.screenshot(this.browser, "ui-fresh-install-" + language);
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
