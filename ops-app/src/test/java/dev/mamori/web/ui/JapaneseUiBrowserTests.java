package dev.mamori.web.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.backup.RunStatus;
import dev.mamori.backup.SnapshotStatus;
import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.user.UserService;
import dev.mamori.monitor.AppStatus;
import dev.mamori.monitor.MonitorState;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Browser;
import dev.mamori.support.Http;
import dev.mamori.support.Mailbox;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TargetServer;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Japanese UI with real data (a failed and a good backup, a restore, two incidents of one
 * monitor, the second with a remediation attempt) in headless Chromium: an incident's page shows
 * only its own window of checks and the remediation attempt as a Japanese line, and no page and no
 * Japanese mail shows an English status, step or outcome name or its English label.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class: its fast monitors would otherwise keep checking (and logging) in the shared JVM.
@DirtiesContext
@ActiveProfiles("test")
class JapaneseUiBrowserTests {

	/** Restore steps of the restore engine (names, not an enum). */
	private static final List<String> RESTORE_STEPS = List.of("VERIFY_ARCHIVE", "SAFETY_SNAPSHOT", "PLAN", "EXTRACT",
			"STOP_SERVICE", "SWAP", "CHECK", "INTEGRITY_CHECK", "START_SERVICE", "HEALTH_CHECK", "ROLLBACK", "RECOVERY",
			"PRE_RESTORE_ARCHIVE");

	/** Message groups holding the labels of enums and fixed codes. */
	private static final List<String> LABEL_GROUPS = List.of("monitorState", "state", "health", "runStatus",
			"snapshotStatus", "auditOutcome", "alertKind", "event", "notificationStatus", "runTrigger", "tokenStatus",
			"role");

	/** What the test itself named: shown as written in every language. */
	private static final String APP_NAME = "Test app ecm";

	@TempDir
	static Path temp;

	static AppFixture ecm;

	static final TargetServer target = TargetServer.start();

	static final TargetServer.Endpoint web = target.endpoint("/web");

	static final Mailbox mail = new Mailbox();

	/** Built once by the first test that needs it. */
	static Data data;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	ChromeDriver browser;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ecm = AppFixture.create(temp.resolve("ecm"), 40);
		ecm.register(registry, "ecm", null);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
		registry.add("mamori.notifications.email.language", () -> "ja");
		registry.add("mamori.notifications.email.zone", () -> "Asia/Tokyo");
		registry.add("mamori.notifications.backoff", () -> "100ms");
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		registry.add("mamori.commands.never-helps.argv[0]", () -> "false");
		registry.add("mamori.monitors.web.type", () -> "http");
		registry.add("mamori.monitors.web.url", () -> target.url("/web"));
		registry.add("mamori.monitors.web.interval", () -> "400ms");
		registry.add("mamori.monitors.web.timeout", () -> "350ms");
		// Two failures in a row: one slow answer on a busy machine opens no incident of its own.
		registry.add("mamori.monitors.web.failure-threshold", () -> "2");
		registry.add("mamori.monitors.web.success-threshold", () -> "1");
		registry.add("mamori.monitors.web.remediation.command", () -> "never-helps");
		registry.add("mamori.monitors.web.remediation.max-attempts", () -> "1");
		registry.add("mamori.monitors.web.remediation.wait-after", () -> "100ms");
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
		mail.stop();
	}

	@Test
	void anIncidentPageInJapaneseShowsOnlyItsWindowAndTheRemediationAsAJapaneseLine() {
		Data d = data();
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN));
		this.browser.get(base() + "/incidents/" + d.secondIncident);
		List<WebElement> rows = this.browser.findElements(By.cssSelector("#timeline tbody tr"));
		List<String> kinds = rows.stream().map((r) -> r.getAttribute("data-kind")).toList();
		String timeline = this.browser.findElement(By.id("timeline")).getText();
		Browser.screenshot(this.browser, "ui-incident-ja");
		// The first outage answered 500, this one 503: none of the previous incident's checks.
		assertThat(timeline).as(timeline).contains("HTTP 503").doesNotContain("HTTP 500");
		// A few checks before it opened (collapsed into lines with a count), not the hundreds since the last one.
		int opened = kinds.indexOf("OPENED");
		assertThat(opened).as(kinds.toString()).isGreaterThanOrEqualTo(0);
		int before = 0;
		for (WebElement row : rows.subList(0, opened)) {
			if (row.getAttribute("data-kind").startsWith("CHECK_")) {
				List<WebElement> count = row.findElements(By.cssSelector(".check-count"));
				before += count.isEmpty() ? 1 : Integer.parseInt(count.get(0).getText().replace("× ", "").strip());
			}
		}
		assertThat(before).as(kinds.toString()).isBetween(1, IncidentPagesController.CHECKS_BEFORE_OPENING);
		// ... up to its end: the resolution, its notification and the checks of the second after it (every
		// 400 ms here), not the dozens of good checks taken since.
		int resolved = kinds.indexOf("RESOLVED");
		assertThat(resolved).as(kinds.toString()).isGreaterThan(opened);
		List<String> after = kinds.subList(resolved + 1, kinds.size());
		assertThat(after).as(kinds.toString()).allMatch((k) -> k.startsWith("CHECK_") || k.equals("NOTIFIED"));
		assertThat(after.stream().filter((k) -> k.startsWith("CHECK_"))).as(kinds.toString()).hasSizeLessThanOrEqualTo(4);
		// The remediation attempt is one Japanese line, not JSON.
		WebElement attempt = rows.get(kinds.indexOf("REMEDIATION_ATTEMPT"));
		assertThat(attempt.getText()).contains("自動復旧の試行").contains("自動復旧 1/1: never-helps は")
			.contains("終了コード 1 で終了").contains("再チェック失敗")
			.doesNotContain("{")
			.doesNotContain("\"attempt\"")
			.doesNotContain("exitCode");
		assertThat(this.browser.findElement(By.id("incident-state")).getText()).isEqualTo("解決済み");
	}

	@Test
	void noJapanesePageAndNoJapaneseMailShowsAnEnglishStatusStepOrLabel() throws Exception {
		Data d = data();
		Set<String> words = englishWords();
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN));
		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("dashboard", "/");
		pages.put("app", "/apps/ecm");
		pages.put("monitors", "/monitors");
		pages.put("monitor", "/monitors/" + d.monitor);
		pages.put("monitor form", "/monitors/" + d.monitor + "/edit");
		pages.put("incidents", "/incidents");
		pages.put("incident", "/incidents/" + d.secondIncident);
		pages.put("first incident", "/incidents/" + d.firstIncident);
		pages.put("restores", "/restores");
		pages.put("restore wizard", "/apps/ecm/restore?plan=true");
		pages.put("restore run", "/restores/" + d.restore);
		pages.put("snapshot", "/apps/ecm/snapshots/" + d.snapshot);
		pages.put("audit", "/audit");
		pages.put("admin", "/admin");
		pages.put("account", "/account");
		List<String> found = new ArrayList<>();
		for (Map.Entry<String, String> page : pages.entrySet()) {
			this.browser.get(base() + page.getValue());
			assertThat(this.browser.findElement(By.tagName("html")).getAttribute("lang")).as(page.getKey()).isEqualTo("ja");
			String text = this.browser.findElement(By.tagName("body")).getText();
			english(text, words).forEach((w) -> found.add(page.getKey() + " (" + page.getValue() + "): " + w));
			Browser.screenshot(this.browser, "ui-ja-scan-" + page.getKey().replace(' ', '-'));
		}
		Set<String> mailWords = new LinkedHashSet<>(words);
		mailWords.addAll(bundleValues("/mamori-alerts.properties", "subject.", "label."));
		for (String subject : List.of("[Mamori] 停止: web", "[Mamori] 復旧: web", "[Mamori] バックアップ失敗")) {
			List<MimeMessage> messages = mail.withSubject(subject);
			assertThat(messages).as(subject).isNotEmpty();
			String text = messages.get(0).getSubject() + "\n" + Mailbox.body(messages.get(0));
			english(text, mailWords).forEach((w) -> found.add("mail " + subject + ": " + w));
		}
		assertThat(found).as("English enum names or labels on Japanese pages and mails").isEmpty();
	}

	/** The scan finds what it looks for: an English status on a page is named. */
	@Test
	void theScanNamesAnEnglishStatusAndIgnoresJapanese() throws IOException {
		Set<String> words = englishWords();
		assertThat(english("状態 SUCCEEDED ・ 正常", words)).singleElement().asString().startsWith("'SUCCEEDED' in");
		assertThat(english("監視: Pending", words)).singleElement().asString().startsWith("'Pending' in");
		assertThat(english("HTTP 503 ・ 成功 ・ " + APP_NAME, words)).isEmpty();
	}

	private static List<String> english(String text, Set<String> words) {
		String scanned = text.replace(APP_NAME, "");
		List<String> found = new ArrayList<>();
		for (String word : words) {
			Matcher m = Pattern.compile("(?<![\\p{Alnum}_-])" + Pattern.quote(word) + "(?![\\p{Alnum}_-])").matcher(scanned);
			if (m.find()) {
				int from = Math.max(0, m.start() - 30);
				int to = Math.min(scanned.length(), m.end() + 30);
				found.add("'" + word + "' in \"" + scanned.substring(from, to).replace('\n', ' ') + "\"");
			}
		}
		return found;
	}

	/**
	 * @return every constant of the status, step and outcome enums and every English label of the
	 * enum groups whose Japanese label differs
	 */
	static Set<String> englishWords() throws IOException {
		Set<String> words = new LinkedHashSet<>();
		Stream.of(RunStatus.values(), RestoreStatus.values(), SnapshotStatus.values(), MonitorState.values(),
				AuditOutcome.values(), Alert.Kind.values(), AppStatus.values())
			.flatMap(Arrays::stream)
			.map(Enum::name)
			.forEach(words::add);
		words.addAll(RESTORE_STEPS);
		Properties en = load("/messages.properties");
		Properties ja = load("/messages_ja.properties");
		for (String key : en.stringPropertyNames()) {
			String group = key.substring(0, Math.max(0, key.lastIndexOf('.')));
			if (LABEL_GROUPS.contains(group) && !en.getProperty(key).equals(ja.getProperty(key))) {
				words.add(en.getProperty(key));
				words.add(key.substring(key.lastIndexOf('.') + 1));
			}
		}
		return words;
	}

	private static List<String> bundleValues(String resource, String... prefixes) throws IOException {
		Properties en = load(resource);
		return en.stringPropertyNames()
			.stream()
			.filter((k) -> Stream.of(prefixes).anyMatch(k::startsWith))
			.map(en::getProperty)
			.toList();
	}

	private static Properties load(String resource) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = JapaneseUiBrowserTests.class.getResourceAsStream(resource)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

	private synchronized Data data() {
		if (data == null) {
			data = create();
		}
		return data;
	}

	private Data create() {
		Http api = Http.on(this.port);
		Http.Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		long monitor = monitorId(api, admin);
		// A failed backup (the wrong drive), then a good one.
		try {
			Path marker = ecm.destination.resolve(".mamori-destination");
			Files.writeString(marker, "SOME-OTHER-DRIVE\n");
			long failed = api.postOnceFree("/api/apps/ecm/backups", admin, null).json().get("id").asLong();
			Awaitility.await().atMost(Duration.ofSeconds(30))
				.until(() -> "FAILED".equals(api.get("/api/backup-runs/" + failed, admin).json().get("status").asString()));
			Files.writeString(marker, AppFixture.MARKER + "\n");
			long good = api.postOnceFree("/api/apps/ecm/backups", admin, null).json().get("id").asLong();
			Awaitility.await().atMost(Duration.ofSeconds(30))
				.until(() -> "SUCCEEDED".equals(api.get("/api/backup-runs/" + good, admin).json().get("status").asString()));
			long snapshot = api.get("/api/backup-runs/" + good, admin).json().get("snapshotId").asLong();
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + ecm.database);
					Statement statement = connection.createStatement()) {
				statement.execute("delete from items where id > 3");
			}
			long restore = api.postOnceFree("/api/apps/ecm/restores", admin, "{\"snapshot\":" + snapshot + ",\"confirm\":\"ecm\"}")
				.json()
				.get("id")
				.asLong();
			Awaitility.await().atMost(Duration.ofSeconds(60))
				.until(() -> !"RUNNING".equals(api.get("/api/restores/" + restore, admin).json().get("status").asString()));

			// Two outages of one monitor: the first answers 500, the second 503 and gets a remediation attempt.
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(state(api, admin, monitor)));
			web.status(500);
			long first = awaitOpenIncident(api, admin, monitor);
			web.up();
			awaitClosed(api, admin, first);
			// Many good checks between the two.
			int hits = web.hits();
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> web.hits() >= hits + 12);
			web.down();
			long second = awaitOpenIncident(api, admin, monitor);
			Awaitility.await().atMost(Duration.ofSeconds(20))
				.until(() -> api.get("/api/incidents/" + second, admin).json().get("remediationAttempts").asInt() >= 1);
			web.up();
			awaitClosed(api, admin, second);
			int afterSecond = web.hits();
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> web.hits() >= afterSecond + 12);
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !mail.withSubject("[Mamori] 復旧: web").isEmpty()
					&& !mail.withSubject("[Mamori] バックアップ失敗").isEmpty());
			return new Data(monitor, first, second, snapshot, restore);
		}
		catch (IOException | java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long monitorId(Http api, Http.Auth auth) {
		for (JsonNode m : api.get("/api/monitors", auth).json()) {
			if ("web".equals(m.get("name").asString())) {
				return m.get("id").asLong();
			}
		}
		throw new IllegalStateException("no monitor web");
	}

	private static String state(Http api, Http.Auth auth, long monitor) {
		return api.get("/api/monitors/" + monitor, auth).json().get("state").asString();
	}

	private static long awaitOpenIncident(Http api, Http.Auth auth, long monitor) {
		Awaitility.await().atMost(Duration.ofSeconds(20))
			.until(() -> api.get("/api/incidents?open=true&monitor=" + monitor, auth).json().size() == 1);
		return api.get("/api/incidents?open=true&monitor=" + monitor, auth).json().get(0).get("id").asLong();
	}

	private static void awaitClosed(Http api, Http.Auth auth, long incident) {
		Awaitility.await().atMost(Duration.ofSeconds(20))
			.until(() -> !api.get("/api/incidents/" + incident, auth).json().path("closedAt").isNull()
					&& !api.get("/api/incidents/" + incident, auth).json().path("closedAt").isMissingNode());
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	record Data(long monitor, long firstIncident, long secondIncident, long snapshot, long restore) {
	}

}
