package dev.mamori.web.ui;

import java.time.Duration;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.monitor.MonitorNotFoundException;
import dev.mamori.monitor.MonitorService;
import dev.mamori.support.Browser;
import dev.mamori.support.Http;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TargetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An ADMIN creates an HTTP monitor with the form; when its real target goes down the monitor page
 * shows DOWN, the incident is on the incidents page, and the chart has data points. A bad URL is
 * reported next to its field.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mamori.monitoring.min-interval=100ms", "mamori.monitors.from-config.type=tcp",
				"mamori.monitors.from-config.host=127.0.0.1", "mamori.monitors.from-config.port=9",
				"mamori.monitors.from-config.interval=1h" })
@ActiveProfiles("test")
class MonitorBrowserTests {

	static final TargetServer target = TargetServer.start();

	static final TargetServer.Endpoint health = target.endpoint("/health").body("{\"status\":\"ok\"}");

	static final TargetServer.Endpoint gone = target.endpoint("/gone").down();

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	MonitorService monitors;

	@Autowired
	JdbcTemplate jdbc;

	ChromeDriver browser;

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
	void aMonitorCreatedWithTheFormGoesDownWithItsTargetAndShowsItsIncidentAndChart() {
		login(Role.ADMIN);
		WebDriverWait wait = (WebDriverWait) new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.ignoring(StaleElementReferenceException.class);
		this.browser.findElement(By.id("nav-monitors")).click();
		this.browser.findElement(By.id("monitor-new")).click();
		this.browser.findElement(By.id("name")).sendKeys("shop");
		this.browser.findElement(By.id("url")).sendKeys("not a url");
		this.browser.findElement(By.id("interval")).clear();
		this.browser.findElement(By.id("interval")).sendKeys("500ms");
		this.browser.findElement(By.id("monitor-save")).submit();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#url.is-invalid")));
		assertThat(this.browser.findElement(By.id("form-error")).getText()).contains("url");

		this.browser.findElement(By.id("url")).clear();
		this.browser.findElement(By.id("url")).sendKeys(target.url("/health"));
		this.browser.findElement(By.id("jsonPath")).sendKeys("$.status");
		this.browser.findElement(By.id("jsonEquals")).sendKeys("ok");
		this.browser.findElement(By.id("failureThreshold")).clear();
		this.browser.findElement(By.id("failureThreshold")).sendKeys("2");
		this.browser.findElement(By.id("monitor-save")).submit();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("monitor-state")));
		String page = this.browser.getCurrentUrl();
		wait.until((d) -> {
			d.navigate().refresh();
			return "UP".equals(d.findElement(By.id("monitor-state")).getAttribute("data-state"));
		});

		health.down();
		wait.until((d) -> {
			d.navigate().refresh();
			return "DOWN".equals(d.findElement(By.id("monitor-state")).getAttribute("data-state"));
		});
		assertThat(this.browser.findElements(By.cssSelector("#response-chart .chart-point"))).as("data points")
			.hasSizeGreaterThan(1);
		assertThat(this.browser.findElements(By.cssSelector("#response-chart .down-mark"))).isNotEmpty();
		assertThat(this.browser.findElement(By.id("monitor-incidents")).getText()).contains("HTTP 503");
		// State history, newest first: down now, up before.
		var history = this.browser.findElements(By.cssSelector("#state-history li"));
		assertThat(history).hasSizeGreaterThanOrEqualTo(2);
		assertThat(history.get(0).getAttribute("data-state")).isEqualTo("DOWN");
		assertThat(history.get(1).getAttribute("data-state")).isEqualTo("UP");
		Browser.screenshot(this.browser, "ui-monitor-en");
		// 7 days: the raw results of the hours not rolled up yet are on the chart too.
		this.browser.findElement(By.id("range-7d")).click();
		wait.until(ExpectedConditions.attributeToBe(By.id("response-chart"), "data-range", "7d"));
		assertThat(this.browser.findElement(By.id("range-7d")).getAttribute("aria-current")).isEqualTo("true");
		assertThat(this.browser.findElements(By.cssSelector("#response-chart .chart-point"))).hasSizeGreaterThan(1);
		assertThat(this.browser.findElements(By.cssSelector("#response-chart .down-mark"))).isNotEmpty();

		this.browser.findElement(By.id("nav-incidents")).click();
		assertThat(this.browser.findElement(By.cssSelector("#open-incidents tr[data-monitor='shop']")).getText())
			.contains("HTTP 503");
		this.browser.get(page);
		this.browser.findElement(By.id("monitor-pause")).click();
		wait.until(ExpectedConditions.attributeToBe(By.id("monitor-state"), "data-state", "PAUSED"));
	}

	@Test
	void anAdminEditsAMonitorKeepingWhatTheFormDoesNotShowAndDeletesItOnlyAfterConfirming() {
		RoleUsers.ensure(this.users, Role.ADMIN);
		Http.Response created = Http.on(this.port).post("/api/monitors",
				Http.Auth.basic(RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN)),
				"{\"name\":\"api-edit\",\"type\":\"http\",\"url\":\"" + target.url("/health")
						+ "\",\"headers\":{\"X-Key\":\"header-secret-1\"},\"interval\":\"1h\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		login(Role.ADMIN);
		WebDriverWait wait = (WebDriverWait) new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.ignoring(StaleElementReferenceException.class);
		this.browser.get(base() + "/monitors/" + id);
		this.browser.findElement(By.id("monitor-edit")).click();
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Edit: api-edit");
		assertThat(this.browser.findElement(By.id("interval")).getAttribute("value")).isEqualTo("1h");
		assertThat(this.browser.findElement(By.id("url")).getAttribute("value")).isEqualTo(target.url("/health"));
		// Fields of other types are hidden.
		assertThat(this.browser.findElement(By.id("host")).isDisplayed()).isFalse();
		assertThat(this.browser.getPageSource()).doesNotContain("header-secret-1");

		this.browser.findElement(By.id("interval")).clear();
		this.browser.findElement(By.id("interval")).sendKeys("2h");
		this.browser.findElement(By.id("failureThreshold")).clear();
		this.browser.findElement(By.id("failureThreshold")).sendKeys("5");
		this.browser.findElement(By.id("maxResponseTime")).sendKeys("soon");
		this.browser.findElement(By.id("monitor-save")).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#maxResponseTime.is-invalid")));
		assertThat(this.browser.findElement(By.id("form-error")).getText()).contains("'soon' is not a duration");
		this.browser.findElement(By.id("maxResponseTime")).clear();
		this.browser.findElement(By.id("maxResponseTime")).sendKeys("3s");
		this.browser.findElement(By.id("monitor-save")).submit();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("monitor-state")));
		String stored = this.jdbc.queryForObject("select definition from monitor where id = ?", String.class, id);
		assertThat(stored).contains("\"failureThreshold\":5")
			.contains("\"interval\":\"PT2H\"")
			.contains("\"maxResponseTime\":\"PT3S\"")
			.as("the header the form does not show is kept")
			.contains("\"X-Key\":\"header-secret-1\"");

		this.browser.findElement(By.id("monitor-delete")).click();
		assertThat(this.browser.switchTo().alert().getText()).contains("api-edit");
		this.browser.switchTo().alert().dismiss();
		assertThat(this.monitors.get(id, false).name()).isEqualTo("api-edit");
		this.browser.findElement(By.id("monitor-delete")).click();
		this.browser.switchTo().alert().accept();
		wait.until(ExpectedConditions.urlToBe(base() + "/monitors"));
		assertThat(this.browser.findElements(By.cssSelector("#monitors tr[data-monitor='api-edit']"))).isEmpty();
		assertThatThrownBy(() -> this.monitors.get(id, false)).isInstanceOf(MonitorNotFoundException.class);
	}

	@Test
	void aMonitorFromTheConfigurationFileOffersNoEditAndRefusesTheEditPage() {
		login(Role.ADMIN);
		long id = this.monitors.list(false).stream().filter((m) -> m.name().equals("from-config")).findFirst().orElseThrow().id();
		this.browser.get(base() + "/monitors/" + id);
		assertThat(this.browser.findElements(By.id("monitor-edit"))).isEmpty();
		assertThat(this.browser.findElements(By.id("monitor-delete"))).isEmpty();
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("mamori.monitors.from-config");
		this.browser.get(base() + "/monitors/" + id + "/edit");
		assertThat(this.browser.findElement(By.id("error-message")).getText()).isEqualTo("This change was refused.");
		assertThat(this.browser.findElement(By.id("error-detail")).getText()).contains("declared in the configuration file");
	}

	@Test
	void anOperatorAcknowledgesAnIncidentFromItsTimelineInJapanese() {
		long id = this.monitors.create("gone-site", new MonitorForm("gone-site", "HTTP", target.url("/gone"), "", "", "", "",
				"", "", null, null, "", "", "300ms", "250ms", 1, 1, false, "").apply(null), Actor.SYSTEM).id();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !this.monitors.incidents(true, id).isEmpty());
		long incident = this.monitors.incidents(true, id).get(0).id();

		login(Role.VIEWER);
		this.browser.get(base() + "/incidents/" + incident);
		assertThat(this.browser.findElements(By.id("incident-ack"))).isEmpty();
		this.browser.quit();

		RoleUsers.ensure(this.users, Role.OPERATOR);
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.OPERATOR), RoleUsers.password(Role.OPERATOR));
		WebDriverWait wait = (WebDriverWait) new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.ignoring(StaleElementReferenceException.class);
		this.browser.findElement(By.id("nav-incidents")).click();
		this.browser.findElement(By.linkText("#" + incident)).click();
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).startsWith("インシデント #" + incident);
		assertThat(this.browser.findElement(By.id("incident-state")).getText()).isEqualTo("未解決");
		assertThat(this.browser.findElements(By.cssSelector("#timeline tr[data-kind='OPENED']"))).hasSize(1);
		assertThat(this.browser.findElements(By.cssSelector("#timeline tr[data-kind='CHECK_DOWN']"))).isNotEmpty();
		assertThat(this.browser.findElement(By.cssSelector("#timeline tr[data-kind='OPENED']")).getText()).contains("発生");
		WebElement ack = this.browser.findElement(By.id("incident-ack"));
		assertThat(ack.getText()).isEqualTo("対応中にする (確認)");
		ack.click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("incident-acked")));
		assertThat(this.browser.findElement(By.id("incident-acked")).getText()).contains("operator");
		assertThat(this.browser.findElements(By.cssSelector("#timeline tr[data-kind='ACKNOWLEDGED']"))).hasSize(1);
		assertThat(this.browser.findElements(By.id("incident-ack"))).isEmpty();
		assertThat(this.monitors.incident(incident).ackedBy()).isEqualTo("operator");
		Browser.screenshot(this.browser, "ui-incident-ja");
		this.monitors.delete(id, Actor.SYSTEM);
	}

	@Test
	void anAdminCreatesAHeartbeatMonitorInJapaneseAndItsCopiedUrlTurnsItUp() {
		RoleUsers.ensure(this.users, Role.ADMIN);
		this.browser = Browser.login("ja", this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN));
		WebDriverWait wait = (WebDriverWait) new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.ignoring(StaleElementReferenceException.class);
		this.browser.findElement(By.id("nav-monitors")).click();
		this.browser.findElement(By.id("monitor-new")).click();
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("監視を追加");
		this.browser.findElement(By.id("name")).sendKeys("nightly-job");
		new Select(this.browser.findElement(By.id("type"))).selectByValue("HEARTBEAT");
		// Only the heartbeat fields are shown for a heartbeat.
		assertThat(this.browser.findElement(By.id("url")).isDisplayed()).isFalse();
		assertThat(this.browser.findElement(By.id("period")).isDisplayed()).isTrue();
		assertThat(this.browser.findElement(By.cssSelector("label[for='period']")).getText()).isEqualTo("ハートビート周期");
		this.browser.findElement(By.id("monitor-save")).submit();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#period.is-invalid")));
		this.browser.findElement(By.id("period")).sendKeys("1h");
		this.browser.findElement(By.id("monitor-save")).submit();
		String url = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("heartbeat-url"))).getAttribute("value");
		assertThat(url).startsWith(base() + "/api/heartbeat/");
		assertThat(this.browser.findElement(By.id("heartbeat-example")).getText()).endsWith(url);
		Browser.screenshot(this.browser, "ui-heartbeat-ja");

		assertThat(Http.on(this.port).get(url.substring(base().length()), Http.Auth.NONE).status()).isEqualTo(200);
		wait.until((d) -> {
			d.navigate().refresh();
			return "UP".equals(d.findElement(By.id("monitor-state")).getAttribute("data-state"));
		});
		assertThat(this.browser.findElement(By.id("monitor-state")).getText()).isEqualTo("正常");
	}

	@Test
	void aViewerCannotOpenTheForm() {
		login(Role.VIEWER);
		this.browser.findElement(By.id("nav-monitors")).click();
		assertThat(this.browser.findElements(By.id("monitor-new"))).isEmpty();
		this.browser.get("http://127.0.0.1:" + this.port + "/monitors/new");
		assertThat(this.browser.getPageSource()).contains("You do not have permission");
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private void login(Role role) {
		RoleUsers.ensure(this.users, role);
		this.browser = Browser.login("en", this.port, RoleUsers.username(role), RoleUsers.password(role));
	}

}
