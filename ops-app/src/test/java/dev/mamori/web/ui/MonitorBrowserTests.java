package dev.mamori.web.ui;

import java.time.Duration;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Browser;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TargetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ADMIN creates an HTTP monitor with the form; when its real target goes down the monitor page
 * shows DOWN, the incident is on the incidents page, and the chart has data points. A bad URL is
 * reported next to its field.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "mamori.monitoring.min-interval=100ms")
@ActiveProfiles("test")
class MonitorBrowserTests {

	static final TargetServer target = TargetServer.start();

	static final TargetServer.Endpoint health = target.endpoint("/health").body("{\"status\":\"ok\"}");

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

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
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
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
		Browser.screenshot(this.browser, "ui-monitor-en");

		this.browser.findElement(By.id("nav-incidents")).click();
		assertThat(this.browser.findElement(By.cssSelector("#open-incidents tr[data-monitor='shop']")).getText())
			.contains("HTTP 503");
		this.browser.get(page);
		this.browser.findElement(By.id("monitor-pause")).click();
		wait.until(ExpectedConditions.attributeToBe(By.id("monitor-state"), "data-state", "PAUSED"));
	}

	@Test
	void aViewerCannotOpenTheForm() {
		login(Role.VIEWER);
		this.browser.findElement(By.id("nav-monitors")).click();
		assertThat(this.browser.findElements(By.id("monitor-new"))).isEmpty();
		this.browser.get("http://127.0.0.1:" + this.port + "/monitors/new");
		assertThat(this.browser.getPageSource()).contains("You do not have permission");
	}

	private void login(Role role) {
		RoleUsers.ensure(this.users, role);
		this.browser = Browser.login("en", this.port, RoleUsers.username(role), RoleUsers.password(role));
	}

}
