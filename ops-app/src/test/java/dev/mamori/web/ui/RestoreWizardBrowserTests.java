package dev.mamori.web.ui;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Browser;
import dev.mamori.support.Http;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore wizard end to end in headless Chromium: an ADMIN restores a damaged SQLite app from
 * its latest snapshot (preselected), sees the plan, cannot submit with a wrong app id, follows the
 * steps, and finds the run with its report in the history. A VIEWER gets the 403 page.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RestoreWizardBrowserTests {

	@TempDir
	static Path temp;

	static AppFixture ecm;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	ChromeDriver browser;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		ecm = AppFixture.create(temp.resolve("ecm"), 321);
		ecm.register(registry, "ecm", null);
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void anAdminRestoresAnSqliteAppThroughTheWizardAndFindsItInTheHistory() throws Exception {
		backUp();
		try (RandomAccessFile db = new RandomAccessFile(ecm.database.toFile(), "rw")) {
			db.setLength(0);
		}

		login(Role.ADMIN);
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		this.browser.get(base() + "/apps/ecm");
		this.browser.findElement(By.id("restore-start")).click();
		assertThat(this.browser.findElement(By.cssSelector("input[name='snapshot']")).isSelected()).as("latest preselected")
			.isTrue();
		this.browser.findElement(By.id("source-uploads")).click();
		this.browser.findElement(By.id("source-env")).click();
		this.browser.findElement(By.id("show-plan")).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plan")));
		assertThat(this.browser.findElements(By.cssSelector(".plan-source"))).hasSize(1);
		assertThat(this.browser.findElement(By.cssSelector(".plan-source[data-source='db']")).getText())
			.contains(ecm.database.toString());

		this.browser.findElement(By.id("confirm")).sendKeys("ecn");
		assertThat(this.browser.findElement(By.id("restore-submit")).isEnabled()).as("wrong id").isFalse();
		this.browser.findElement(By.id("confirm")).sendKeys("\b\bcm");
		assertThat(this.browser.findElement(By.id("restore-submit")).isEnabled()).isTrue();
		Browser.screenshot(this.browser, "ui-restore-wizard-en");
		click("restore-submit");

		wait.until(ExpectedConditions.textToBe(By.id("restore-status"), "SUCCEEDED"));
		assertThat(this.browser.findElement(By.id("rto")).getText()).endsWith(" s");
		assertThat(this.browser.findElement(By.cssSelector("#steps tr[data-step='EXTRACT']")).getText())
			.contains("SUCCEEDED");
		assertThat(this.browser.findElement(By.cssSelector("#steps tr[data-step='SWAP']")).getText())
			.contains("SUCCEEDED");
		assertThat(this.browser.findElement(By.id("report")).getText()).contains("REC-").contains("RTO");
		// The Markdown report is rendered: headings and the steps table, not the raw text.
		assertThat(this.browser.findElements(By.cssSelector("#report h2"))).isNotEmpty();
		assertThat(this.browser.findElements(By.cssSelector("#report table tr"))).hasSizeGreaterThan(3);
		assertThat(this.browser.findElement(By.id("report")).getText()).doesNotContain("|---|");
		Browser.screenshot(this.browser, "ui-restore-run-en");
		assertThat(ecm.rows()).isEqualTo(321);

		String restoreId = this.browser.getCurrentUrl().replaceAll(".*/restores/", "");
		this.browser.findElement(By.id("nav-restores")).click();
		assertThat(this.browser.findElement(By.cssSelector("#restore-history tr[data-restore='" + restoreId + "']")).getText())
			.contains("ecm").contains("SUCCEEDED").contains("admin2");
		new Select(this.browser.findElement(By.id("status-filter"))).selectByValue("FAILED");
		this.browser.findElement(By.id("restore-filter")).click();
		wait.until(ExpectedConditions.urlContains("status=FAILED"));
		assertThat(this.browser.findElements(By.cssSelector("#restore-history tr[data-restore='" + restoreId + "']")))
			.as("filtered out").isEmpty();
		new Select(this.browser.findElement(By.id("status-filter"))).selectByValue("SUCCEEDED");
		new Select(this.browser.findElement(By.id("app-filter"))).selectByValue("ecm");
		this.browser.findElement(By.id("restore-filter")).click();
		wait.until(ExpectedConditions.urlContains("status=SUCCEEDED"));
		assertThat(this.browser.findElements(By.cssSelector("#restore-history tr[data-restore='" + restoreId + "']")))
			.hasSize(1);
	}

	@Test
	void aWrongAppIdTypedPastTheBrowserIsRefusedByTheServerInJapanese() {
		backUp();
		RoleUsers.ensure(this.users, Role.ADMIN);
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN));
		this.browser.get(base() + "/apps/ecm/restore");
		assertThat(this.browser.findElement(By.id("show-plan")).getText()).isEqualTo("計画を表示");
		this.browser.findElement(By.id("show-plan")).click();
		assertThat(this.browser.findElement(By.id("plan")).getText()).contains("3. 計画（まだ何も変更していません）");
		assertThat(this.browser.findElement(By.id("restore-submit")).getText()).isEqualTo("リストアを実行");
		assertThat(this.browser.findElement(By.cssSelector("label[for='confirm']")).getText())
			.isEqualTo("確認のためアプリ ID「ecm」を入力してください");
		Browser.screenshot(this.browser, "ui-restore-wizard-ja");
		this.browser.findElement(By.id("confirm")).sendKeys("wrong");
		assertThat(this.browser.findElement(By.id("restore-submit")).isEnabled()).isFalse();
		// Submit behind the page's back, as a hand-made request would.
		this.browser.executeScript("document.getElementById('restore-submit').disabled = false;"
				+ "document.getElementById('restore-submit').form.requestSubmit();");
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-error")));
		assertThat(this.browser.findElement(By.id("restore-error")).getText()).contains("confirm");
	}

	@Test
	void aViewerSeesNoRestoreButtonAndGetsThe403Page() {
		login(Role.VIEWER);
		this.browser.get(base() + "/apps/ecm");
		assertThat(this.browser.findElements(By.id("restore-start"))).isEmpty();
		this.browser.get(base() + "/apps/ecm/restore");
		assertThat(this.browser.getPageSource()).contains("You do not have permission").doesNotContain("Restore now");
	}

	private void click(String id) {
		org.openqa.selenium.WebElement element = this.browser.findElement(By.id(id));
		this.browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
		element.click();
	}

	private void backUp() {
		Http.Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http api = Http.on(this.port);
		long backup = api.post("/api/apps/ecm/backups", admin, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(api.get("/api/backup-runs/" + backup, admin).json().get("status").asString()));
	}

	private void login(Role role) {
		RoleUsers.ensure(this.users, role);
		this.browser = Browser.login("en", this.port, RoleUsers.username(role), RoleUsers.password(role));
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
