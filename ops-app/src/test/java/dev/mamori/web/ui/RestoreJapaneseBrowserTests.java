package dev.mamori.web.ui;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

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
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Japanese reader follows a restore in headless Chromium: the plan's actions, the run's status,
 * steps and outcomes and the whole recovery report are in Japanese, with times in the reader's
 * zone; no English step, outcome or status name is left on the page. The API's report follows
 * {@code Accept-Language}.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class RestoreJapaneseBrowserTests {

	/** Step, outcome and status codes of the old and the new restore engine, and the report's English. */
	private static final Pattern ENGLISH = Pattern.compile("\\b(VERIFY_ARCHIVE|SAFETY_SNAPSHOT|PLAN|EXTRACT|STOP_SERVICE"
			+ "|SWAP|CHECK|INTEGRITY_CHECK|START_SERVICE|HEALTH_CHECK|ROLLBACK|RECOVERY|PRE_RESTORE_ARCHIVE|RESTORE_\\w+"
			+ "|RUNNING|SUCCEEDED|FAILED|SKIPPED|ROLLED_BACK|ROLLBACK_FAILED|Recovery report|Outcome|Steps|Requested by"
			+ "|Finished|Safety snapshot|Sources restored|Started|Duration|Message)\\b");

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
		ecm = AppFixture.create(temp.resolve("ecm"), 123);
		ecm.register(registry, "ecm", null);
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aRestoreRunAndItsReportAreWhollyJapaneseWithTimesInTheReadersZone() throws Exception {
		Http.Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		Http api = Http.on(this.port);
		long backup = api.post("/api/apps/ecm/backups", admin, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(api.get("/api/backup-runs/" + backup, admin).json().get("status").asString()));
		long snapshot = api.get("/api/backup-runs/" + backup, admin).json().get("snapshotId").asLong();
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + ecm.database);
				Statement statement = connection.createStatement()) {
			statement.execute("delete from items where id > 3");
		}

		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN));
		this.browser.get(base() + "/apps/ecm/restore?plan=true");
		assertThat(this.browser.findElement(By.cssSelector(".plan-source[data-source='db']")).getText())
			.contains("データベースファイルを置き換え");
		assertThat(this.browser.findElement(By.cssSelector(".plan-source[data-source='uploads']")).getText())
			.contains("ディレクトリを名前の変更で入れ替え");
		// 3 rows now, 123 in the snapshot: a restore that adds data warns about nothing.
		assertThat(this.browser.findElements(By.id("shrink-warning"))).isEmpty();

		JsonNode started = api.post("/api/apps/ecm/restores", admin,
				"{\"snapshot\":" + snapshot + ",\"confirm\":\"ecm\"}").json();
		long restore = started.get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(60))
			.until(() -> !"RUNNING".equals(api.get("/api/restores/" + restore, admin).json().get("status").asString()));
		JsonNode run = api.get("/api/restores/" + restore, admin).json();
		assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
		assertThat(ecm.rows()).isEqualTo(123);

		// The reader is in another zone than the server.
		ZoneId reader = ZoneId.systemDefault().getId().equals("Asia/Tokyo") ? ZoneId.of("America/New_York")
				: ZoneId.of("Asia/Tokyo");
		this.browser.manage().addCookie(new Cookie("mamori-tz", reader.getId(), "/"));
		this.browser.get(base() + "/restores/" + restore);
		assertThat(this.browser.findElement(By.id("restore-status")).getText()).isEqualTo("成功");
		assertThat(this.browser.findElement(By.cssSelector("#steps tr[data-step='EXTRACT']")).getText())
			.contains("ステージングへ展開").contains("成功");
		assertThat(this.browser.findElement(By.cssSelector("#steps tr[data-step='SWAP']")).getText())
			.contains("データの入れ替え");
		String report = this.browser.findElement(By.id("report")).getText();
		assertThat(report).contains("復旧報告書 REC-").contains("結果").contains("手順").contains("依頼者");
		String finished = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
			.format(Instant.parse(run.get("finishedAt").asString()).atZone(reader));
		assertThat(report).as("times in the reader's zone").contains(finished);
		Browser.screenshot(this.browser, "ui-restore-run-ja");
		// What each step reported is the engine's recorded text, quoted as it was written; every
		// name, outcome, status, label and heading around it must be Japanese.
		this.browser.executeScript("document.querySelectorAll('#steps td:nth-child(4), #report table td:nth-child(6)')"
				+ ".forEach(function (cell) { cell.remove(); });"
				+ "document.querySelectorAll('#report h2').forEach(function (h) {"
				+ "  if (h.textContent === '整合性') { h.nextElementSibling.remove(); } });");
		String page = this.browser.findElement(By.id("restore-run")).getText();
		assertThat(ENGLISH.matcher(page).results().map(MatchResult::group).toList()).as("English left on the page")
			.isEmpty();

		// The history lists it in Japanese too.
		this.browser.get(base() + "/restores");
		assertThat(this.browser.findElement(By.cssSelector("#restore-history tr[data-restore='" + restore + "']")).getText())
			.contains("成功")
			.doesNotContain("SUCCEEDED");

		// The API's report follows Accept-Language.
		String ja = api.get("/api/restores/" + restore + "/report", admin, "Accept-Language", "ja").body();
		assertThat(ja).startsWith("# 復旧報告書 REC-").contains("| 結果 | **成功** |").doesNotContain("SUCCEEDED");
		String en = api.get("/api/restores/" + restore + "/report", admin, "Accept-Language", "en").body();
		assertThat(en).startsWith("# Recovery report REC-").contains("| Outcome | **SUCCEEDED** |");
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
