package dev.mamori.web.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import dev.mamori.backup.BackupService;
import dev.mamori.backup.offsite.CopyService;
import dev.mamori.backup.offsite.CopyState;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Browser;
import dev.mamori.support.Http;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.S3Server;
import dev.mamori.support.UiSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
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
 * Issue 16, acceptance 8, in headless Chromium against a real S3 API server: the app page shows where
 * the restore points live (the drive and the target, "2 copies, 1 off-site, newest off-site ... old"),
 * each snapshot's locations with their states, and the snapshot retention pruned from the drive as
 * only off-site; an ADMIN restores that snapshot from the target in the wizard (location chosen,
 * downloaded, verified, the normal restore) and the data is back. An OPERATOR sees no way to it.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class OffsiteRestoreBrowserTests {

	static final String ACCESS_ENV = "MAMORI_TEST_BROWSER_S3_ACCESS";

	static final String SECRET_ENV = "MAMORI_TEST_BROWSER_S3_SECRET";

	@TempDir
	static Path temp;

	static S3Server s3;

	static AppFixture ecm;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	CopyService copies;

	@Autowired
	BackupService backups;

	ChromeDriver browser;

	@DynamicPropertySource
	static void configure(DynamicPropertyRegistry registry) throws Exception {
		s3 = S3Server.start(temp.resolve("s3"));
		s3.registerTarget(registry, "cloud", ACCESS_ENV, SECRET_ENV);
		ecm = AppFixture.create(temp.resolve("ecm"), 300);
		ecm.register(registry, "ecm", null);
		registry.add("mamori.apps.ecm.backup.retention.keep-last", () -> "1");
		registry.add("mamori.apps.ecm.backup.retention.keep-daily", () -> "0");
		registry.add("mamori.apps.ecm.backup.retention.keep-weekly", () -> "0");
		registry.add("mamori.apps.ecm.backup.retention.keep-monthly", () -> "0");
		registry.add("mamori.apps.ecm.backup.retention.min-good", () -> "1");
		registry.add("mamori.apps.ecm.backup.copies[0].target", () -> "cloud");
		registry.add("mamori.apps.ecm.backup.copies[0].retention.keep-last", () -> "10");
		registry.add("mamori.apps.ecm.backup.copies[0].max-age", () -> "26h");
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@AfterAll
	static void stop() throws Exception {
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void theAppPageShowsCopiesPerLocationAndAnAdminRestoresAPrunedSnapshotFromTheTargetInTheWizard() throws Exception {
		Http.Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http api = Http.on(this.port);
		String first = backUpAndCopy(api, admin);
		String env = Files.readString(ecm.env);
		Files.writeString(ecm.env, "DATABASE=other.db\n");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + ecm.database);
				Statement statement = connection.createStatement()) {
			statement.execute("delete from items where id > 100");
		}
		String second = backUpAndCopy(api, admin);
		assertThat(this.backups.snapshots("ecm")).extracting((s) -> s.name()).as("the first pruned by retention")
			.containsExactly(second);

		this.browser = Browser.login("en", this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		this.browser.get(base() + "/apps/ecm");
		// Copies per location: the drive holds one, the target two.
		assertThat(this.browser.findElement(By.id("copy-summary")).getText())
			.matches("2 copies, 1 off-site, newest off-site \\d+ min old");
		assertThat(this.browser.findElement(By.cssSelector(".copy-location[data-where='local']")).getAttribute("data-good"))
			.isEqualTo("1");
		WebElement cloud = this.browser.findElement(By.cssSelector(".copy-location[data-where='cloud']"));
		assertThat(cloud.getAttribute("data-good")).isEqualTo("2");
		assertThat(cloud.getText()).contains("s3://offsite/mamori/").contains("26 h").contains("OK");
		assertThat(this.browser.findElements(By.id("copy-stale"))).isEmpty();
		// Per snapshot: where it lives, with the state there.
		WebElement row = this.browser.findElement(By.cssSelector("#snapshots tr[data-snapshot]"));
		assertThat(row.findElement(By.cssSelector(".snapshot-location[data-where='local']")).getAttribute("data-state"))
			.isEqualTo("GOOD");
		assertThat(row.findElement(By.cssSelector(".snapshot-location[data-where='cloud']")).getAttribute("data-state"))
			.isEqualTo("GOOD");
		WebElement only = this.browser.findElement(By.cssSelector("#offsite-snapshots tr[data-name='" + first + "']"));
		assertThat(only.getText()).contains("cloud: GOOD");
		Browser.screenshot(this.browser, "ui-app-copies-en");

		// The wizard: the pruned snapshot, read from the target.
		Browser.click(this.browser, only.findElement(By.cssSelector(".offsite-restore")));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("show-plan")));
		assertThat(this.browser.findElement(By.id("snapshot-" + first)).isSelected()).isTrue();
		assertThat(this.browser.findElement(By.id("from-local")).isEnabled()).as("not on the drive any more").isFalse();
		Browser.click(this.browser, this.browser.findElement(By.id("from-cloud")));
		Browser.click(this.browser, this.browser.findElement(By.id("show-plan")));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plan")));
		WebElement from = this.browser.findElement(By.id("plan-from"));
		assertThat(from.getAttribute("data-from")).isEqualTo("cloud");
		assertThat(from.getText()).contains("downloaded from target cloud (s3://offsite/mamori/ecm/" + first + ")");
		assertThat(this.browser.findElements(By.cssSelector(".plan-source"))).hasSize(3);
		this.browser.findElement(By.id("confirm")).sendKeys("ecm");
		Browser.screenshot(this.browser, "ui-restore-offsite-en");
		Browser.click(this.browser, this.browser.findElement(By.id("restore-submit")));

		new WebDriverWait(this.browser, Duration.ofSeconds(120))
			.until(ExpectedConditions.textToBe(By.id("restore-status"), "SUCCEEDED"));
		assertThat(this.browser.findElement(By.cssSelector("#steps tr[data-step='FETCH_OFFSITE']")).getText())
			.contains("SUCCEEDED")
			.contains("s3://offsite/mamori/ecm/" + first);
		assertThat(this.browser.findElement(By.id("report")).getText())
			.contains("downloaded from s3://offsite/mamori/ecm/" + first + " (target cloud)");
		assertThat(ecm.rows()).isEqualTo(300);
		assertThat(Files.readString(ecm.env)).isEqualTo(env);
		assertThat(ecm.destination.resolve(first)).doesNotExist();

		// In Japanese too.
		UiSession ja = UiSession.login(this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN), "ja");
		assertThat(ja.get("/apps/ecm", "ja").body()).containsPattern("2 か所にコピー、うちオフサイト 1 か所、最新のオフサイトは \\d+ 分前のもの")
			.contains("オフサイトのみ");
		assertThat(ja.get("/apps/ecm/restore?snapshot=" + first + "&from=cloud&plan=true", "ja").body())
			.contains("ターゲット cloud（s3://offsite/mamori/ecm/" + first + "）からステージングにダウンロード");
	}

	@Test
	void anOperatorSeesTheCopiesButNoWayToRestore() {
		RoleUsers.ensure(this.users, Role.OPERATOR);
		this.browser = Browser.login("en", this.port, RoleUsers.username(Role.OPERATOR), RoleUsers.password(Role.OPERATOR));
		this.browser.get(base() + "/apps/ecm");
		assertThat(this.browser.findElement(By.id("copy-locations")).getText()).contains("cloud");
		assertThat(this.browser.findElements(By.id("restore-start"))).isEmpty();
		assertThat(this.browser.findElements(By.cssSelector(".offsite-restore"))).isEmpty();
		this.browser.get(base() + "/apps/ecm/restore?from=cloud");
		assertThat(this.browser.getPageSource()).contains("You do not have permission").doesNotContain("Restore now");
	}

	private String backUpAndCopy(Http api, Http.Auth admin) {
		long run = api.post("/api/apps/ecm/backups", admin, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(
				() -> !"RUNNING".equals(api.get("/api/backup-runs/" + run, admin).json().get("status").asString()));
		JsonNode done = api.get("/api/backup-runs/" + run, admin).json();
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		String name = api.get("/api/snapshots/" + done.get("snapshotId").asLong(), admin).json().get("name").asString();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.copies.copies("ecm").stream()
			.anyMatch((c) -> c.snapshotName().equals(name) && c.state() == CopyState.GOOD));
		return name;
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
