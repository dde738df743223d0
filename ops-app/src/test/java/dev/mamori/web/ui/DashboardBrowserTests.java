package dev.mamori.web.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Browser;
import dev.mamori.support.Http;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TargetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard, an app's page with "Back up now" and live progress, and the monitors and
 * incidents pages, in headless Chromium against a running Mamori with two real apps, a real HTTP
 * target that is up and one that is down.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DashboardBrowserTests {

	@TempDir
	static Path temp;

	static final TargetServer target = TargetServer.start();

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	AuditLog audit;

	ChromeDriver browser;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("ecm"), 200).register(registry, "ecm", "0 3 * * *");
		AppFixture.create(temp.resolve("shop"), 20).register(registry, "shop", null);
		target.endpoint("/health").body("{\"status\":\"ok\"}");
		target.endpoint("/broken").down();
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		monitor(registry, "ecm-health", "ecm", target.url("/health"));
		monitor(registry, "shop-health", "shop", target.url("/broken"));
	}

	private static void monitor(DynamicPropertyRegistry registry, String name, String app, String url) {
		registry.add("mamori.monitors." + name + ".type", () -> "http");
		registry.add("mamori.monitors." + name + ".app", () -> app);
		registry.add("mamori.monitors." + name + ".url", () -> url);
		registry.add("mamori.monitors." + name + ".interval", () -> "300ms");
		registry.add("mamori.monitors." + name + ".timeout", () -> "250ms");
		registry.add("mamori.monitors." + name + ".failure-threshold", () -> "1");
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@AfterAll
	static void stop() {
		target.close();
	}

	@Test
	void anOperatorSeesBothAppsAndBacksOneUpWithProgressEndingInAGoodSnapshot() {
		login("en", Role.OPERATOR);
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		assertThat(this.browser.findElements(By.cssSelector(".app-card"))).hasSize(2);
		WebElement ecm = this.browser.findElement(By.id("app-ecm"));
		assertThat(ecm.getText()).contains("Test app ecm").contains("Next backup").contains("never");
		// shop's monitor is down: its card and the summary are red.
		wait.until((d) -> {
			d.navigate().refresh();
			return "red".equals(d.findElement(By.id("app-shop")).getAttribute("data-color"));
		});
		assertThat(this.browser.findElement(By.id("summary")).getAttribute("data-summary")).isEqualTo("red");
		Browser.screenshot(this.browser, "ui-dashboard-en");

		ecm = this.browser.findElement(By.id("app-ecm"));
		ecm.findElement(By.tagName("a")).click();
		wait.until(ExpectedConditions.elementToBeClickable(By.id("backup-now"))).click();
		wait.until(ExpectedConditions.attributeToBe(By.id("progress"), "data-status", "SUCCEEDED"));
		assertThat(this.browser.findElement(By.id("progress-status")).getText()).isEqualTo("Backup finished");
		assertThat(this.browser.findElement(By.id("progress-bytes")).getText()).matches("[0-9.]+ MiB / [0-9.]+ MiB");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#snapshots .snapshot-status"), "GOOD"));
		Browser.screenshot(this.browser, "ui-app-en");
		// Retention preview next to each snapshot; "Verify" re-reads the archive in the background.
		this.browser.get(base() + "/apps/ecm");
		assertThat(this.browser.findElement(By.cssSelector("#snapshots .snapshot-retention")).getText()).startsWith("keep");
		this.browser.findElement(By.cssSelector("#snapshots .snapshot-verify")).click();
		wait.until((d) -> this.audit.search(new AuditLog.AuditQuery(RoleUsers.username(Role.OPERATOR), "SNAPSHOT_VERIFIED",
				null, null), PageRequest.of(0, 10)).getTotalElements() == 1);
		wait.until((d) -> {
			d.navigate().refresh();
			return d.findElements(By.cssSelector("#snapshots .verifying")).isEmpty()
					&& !d.findElements(By.cssSelector("#snapshots .snapshot-verify")).isEmpty();
		});
		assertThat(this.browser.findElement(By.cssSelector("#snapshots .snapshot-status")).getText()).isEqualTo("GOOD");

		this.browser.get(base() + "/");
		assertThat(this.browser.findElement(By.cssSelector("#app-ecm .last-good")).getText()).contains("min ago");
		for (String page : new String[] { "/", "/apps/ecm", "/monitors", "/incidents", "/restores" }) {
			this.browser.get(base() + page);
			assertThat(requestedUrls()).as("every request of %s goes to Mamori", page)
				.isNotEmpty()
				.allSatisfy((url) -> assertThat(url).startsWith(base() + "/"));
			assertThat(this.browser.getPageSource()).as("no asset of %s comes from elsewhere", page)
				.doesNotContainPattern("(src|href)=\"(https?:)?//");
		}
	}

	/** Every URL the page loaded, from the browser's own resource timing, the page itself included. */
	@SuppressWarnings("unchecked")
	private java.util.List<String> requestedUrls() {
		return (java.util.List<String>) this.browser.executeScript(
				"return [location.href].concat(performance.getEntriesByType('resource').map(function (e) { return e.name; }));");
	}

	@Test
	void aViewerSeesNoBackupButtonAndIsRefusedWhenPostingDirectly() {
		login("en", Role.VIEWER);
		this.browser.get(base() + "/apps/ecm");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Test app ecm");
		assertThat(this.browser.findElements(By.id("backup-now"))).isEmpty();

		// The server refuses it too, with a valid CSRF token (from the page's logout form).
		for (Role role : new Role[] { Role.VIEWER, Role.OPERATOR }) {
			Http session = Http.withCookies(this.port);
			String login = session.get("/login", null).body();
			session.postForm("/login", Map.of("username", RoleUsers.username(role), "password", RoleUsers.password(role),
					"_csrf", csrf(login)));
			String page = session.get("/apps/shop", null).body();
			Http.Response post = session.postForm("/apps/shop/backups", Map.of("_csrf", csrf(page)), "Accept", "text/html");
			if (role == Role.VIEWER) {
				assertThat(post.status()).isEqualTo(403);
				assertThat(post.body()).contains("You do not have permission").doesNotContain("Exception");
			}
			else {
				assertThat(post.status()).isEqualTo(302);
				assertThat(post.header("Location")).contains("/apps/shop?run=");
			}
		}
	}

	@Test
	void theMonitorsAndIncidentsPagesShowStatesSparklinesAndTheOpenIncidentInJapanese() {
		login("ja", Role.VIEWER);
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("ダッシュボード");
		assertThat(this.browser.findElement(By.cssSelector("#app-ecm")).getText()).contains("最後の正常バックアップ");
		this.browser.findElement(By.id("nav-monitors")).click();
		wait.until((d) -> {
			d.navigate().refresh();
			String points = d.findElement(By.cssSelector("tr[data-monitor='ecm-health'] polyline")).getAttribute("points");
			return points != null && !points.isBlank();
		});
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("監視");
		assertThat(this.browser.findElement(By.cssSelector("tr[data-monitor='ecm-health'] .monitor-state")).getText())
			.isEqualTo("正常");
		assertThat(this.browser.findElement(By.cssSelector("tr[data-monitor='shop-health'] .monitor-state")).getText())
			.isEqualTo("停止");
		Browser.screenshot(this.browser, "ui-monitors-ja");
		this.browser.manage().window().setSize(new Dimension(375, 812));
		Browser.screenshot(this.browser, "ui-monitors-ja-phone");
		// On a phone the menu folds behind its button.
		assertThat(this.browser.findElement(By.id("nav-incidents")).isDisplayed()).isFalse();
		this.browser.findElement(By.cssSelector(".navbar-toggler")).click();
		wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-incidents"))).click();
		assertThat(this.browser.findElement(By.cssSelector("#open-incidents tr[data-monitor='shop-health']")).getText())
			.contains("HTTP 503");
		this.browser.get(base() + "/");
		Browser.screenshot(this.browser, "ui-dashboard-ja-phone");
	}

	private void login(String language, Role role) {
		RoleUsers.ensure(this.users, role);
		this.browser = Browser.login(language, this.port, RoleUsers.username(role), RoleUsers.password(role));
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private static String csrf(String html) {
		Matcher matcher = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
		assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
		return matcher.group(1);
	}

}
