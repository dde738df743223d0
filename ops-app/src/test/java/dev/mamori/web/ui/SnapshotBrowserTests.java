package dev.mamori.web.ui;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
 * A snapshot's page and the wizard's shrink warning in headless Chromium, on real SQLite files and
 * real archives: what a snapshot holds is shown beside the live data and the previous snapshot
 * before anyone restores it, and a snapshot whose database has no tables cannot be restored over a
 * database that has some without a loud warning and an explicit "I understand".
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class SnapshotBrowserTests {

	@TempDir
	static Path temp;

	static AppFixture snap;

	static AppFixture shrink;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	ChromeDriver browser;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		snap = AppFixture.create(temp.resolve("snap"), 321);
		snap.register(registry, "snap", null);
		shrink = AppFixture.create(temp.resolve("shrink"), 200);
		shrink.register(registry, "shrink", null);
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aViewerSeesEachTablesRowsInTheSnapshotBesideTheDataNowAndThePreviousSnapshot() throws Exception {
		backUp("snap");
		exec(snap, "insert into items (name, amount) select name, amount from items limit 50");
		for (int i = 0; i < 3; i++) {
			Files.writeString(snap.uploads.resolve("new-" + i + ".txt"), "new " + i);
		}
		backUp("snap");
		exec(snap, "insert into items (name, amount) select name, amount from items limit 10");
		Files.writeString(snap.uploads.resolve("newest.txt"), "newest");

		login("en", Role.VIEWER);
		this.browser.get(base() + "/apps/snap");
		// Newest first: the second backup, with the first one as its previous snapshot.
		this.browser.findElement(By.cssSelector("#snapshots .snapshot-link")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("snapshot")));
		WebElement items = this.browser.findElement(By.cssSelector(".snapshot-source[data-source='db'] tr[data-table='items']"));
		assertThat(items.findElement(By.className("rows-snapshot")).getText()).isEqualTo("371");
		assertThat(items.findElement(By.className("rows-current")).getText()).as("read from the live file").isEqualTo("381");
		assertThat(items.findElement(By.className("rows-previous")).getText()).isEqualTo("321");
		assertThat(cells(".snapshot-source[data-source='db'] .summary-tables")).containsExactly("1", "1", "1");
		assertThat(cells(".snapshot-source[data-source='uploads'] .summary-files")).as("snapshot, now, previous")
			.containsExactly("24", "25", "21");
		assertThat(this.browser.findElement(By.cssSelector(".snapshot-source[data-source='db'] h3")).getText())
			.contains("sqlite")
			.contains(snap.database.toString());
		assertThat(this.browser.findElements(By.id("snapshot-warnings"))).as("more data now, nothing shrinks").isEmpty();
		assertThat(this.browser.findElements(By.id("restore-this"))).as("VIEWER cannot restore").isEmpty();
		Browser.screenshot(this.browser, "ui-snapshot-en");
		// The live database was only read.
		assertThat(snap.rows()).isEqualTo(381);
	}

	@Test
	void aSnapshotWithNoTablesIsWarnedLoudlyAndCannotBeRestoredWithoutTickingIUnderstand() throws Exception {
		// A snapshot of an emptied database, then the data is back: restoring it would lose every table.
		byte[] good = Files.readAllBytes(shrink.database);
		try (RandomAccessFile db = new RandomAccessFile(shrink.database.toFile(), "rw")) {
			db.setLength(0);
		}
		long empty = backUp("shrink");
		Files.write(shrink.database, good);
		assertThat(shrink.rows()).isEqualTo(200);

		login("en", Role.ADMIN);
		this.browser.get(base() + "/apps/shrink/restore");
		assertThat(this.browser.findElement(By.id("snapshot-" + empty)).isSelected()).as("newest preselected").isTrue();
		this.browser.findElement(By.id("show-plan")).click();
		WebElement warning = new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("shrink-warning")));
		assertThat(warning.getAttribute("class")).contains("alert-danger");
		assertThat(warning.findElement(By.cssSelector("li[data-code='NO_TABLES']")).getText())
			.isEqualTo("Source db: the snapshot has no tables; the database has 1 now.");
		this.browser.findElement(By.id("confirm")).sendKeys("shrink");
		assertThat(this.browser.findElement(By.id("restore-submit")).isEnabled()).as("app id typed, not ticked").isFalse();
		click("understood");
		assertThat(this.browser.findElement(By.id("restore-submit")).isEnabled()).as("ticked").isTrue();
		Browser.screenshot(this.browser, "ui-restore-shrink-warning-en");
		click("understood");
		assertThat(this.browser.findElement(By.id("restore-submit")).isEnabled()).as("unticked").isFalse();

		// Submitted behind the page's back without the tick: the server refuses too.
		this.browser.executeScript("document.getElementById('restore-submit').disabled = false;"
				+ "document.getElementById('restore-submit').form.requestSubmit();");
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-error")));
		assertThat(this.browser.findElement(By.id("restore-error")).getText()).contains("I understand");
		assertThat(shrink.rows()).as("nothing restored").isEqualTo(200);

		// The same warning in the API's dry run.
		JsonNode plan = Http.on(this.port)
			.post("/api/apps/shrink/restores", RoleUsers.ensure(this.users, Role.ADMIN),
					"{\"snapshot\":" + empty + ",\"dryRun\":true}")
			.json();
		assertThat(plan.get("warnings").get(0).asString()).contains("the snapshot has no tables");
		assertThat(plan.get("sources").get(0).get("actionCode").asString()).isEqualTo("sqlite-swap");

		// And on the snapshot's page, in Japanese.
		this.browser.quit();
		login("ja", Role.ADMIN);
		this.browser.get(base() + "/apps/shrink/snapshots/" + empty);
		assertThat(this.browser.findElement(By.cssSelector("#snapshot-warnings li[data-code='NO_TABLES']")).getText())
			.isEqualTo("対象 db: スナップショットにテーブルがありません（現在のデータベースには 1 個あります）。");
		assertThat(cells(".snapshot-source[data-source='db'] .summary-tables")).as("snapshot, now, previous")
			.containsExactly("0", "1", "-");
		assertThat(this.browser.findElement(By.id("previous")).getText()).isEqualTo("なし（最も古いスナップショット）");
	}

	private java.util.List<String> cells(String rowSelector) {
		return this.browser.findElements(By.cssSelector(rowSelector + " td")).stream().map(WebElement::getText).toList();
	}

	private void click(String id) {
		// As a click does (the change event included), wherever the element is on the page.
		this.browser.executeScript("arguments[0].click();", this.browser.findElement(By.id(id)));
	}

	private long backUp(String app) {
		Http.Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http api = Http.on(this.port);
		long run = api.postOnceFree("/api/apps/" + app + "/backups", admin, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(30))
			.until(() -> !"RUNNING".equals(api.get("/api/backup-runs/" + run, admin).json().get("status").asString()));
		JsonNode finished = api.get("/api/backup-runs/" + run, admin).json();
		assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
		return finished.get("snapshotId").asLong();
	}

	private static void exec(AppFixture fixture, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + fixture.database);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private void login(String language, Role role) {
		RoleUsers.ensure(this.users, role);
		this.browser = Browser.login(language, this.port, RoleUsers.username(role), RoleUsers.password(role));
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
