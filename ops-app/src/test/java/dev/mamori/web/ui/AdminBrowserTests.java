package dev.mamori.web.ui;

import java.time.Duration;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Browser;
import dev.mamori.support.Http;
import dev.mamori.support.Mailbox;
import dev.mamori.support.RequiresBrowser;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Administration and the audit log in headless Chromium: an ADMIN creates, re-roles, resets and
 * disables a user (each change taking effect on the real login), sends a test notification that a
 * real SMTP server receives, reads the effective configuration without its secrets, and filters,
 * verifies and exports the audit log. Other roles do not see the menu.
 */
@RequiresBrowser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AdminBrowserTests {

	static final String MAIL_PASSWORD = "smtp-secret-value-1";

	static final Mailbox mail = new Mailbox().withLogin("mamori", MAIL_PASSWORD);

	static final String WEBHOOK_KEY = "webhook-secret-key-1";

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	ChromeDriver browser;

	@DynamicPropertySource
	static void notifications(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("spring.mail.username", () -> "mamori");
		registry.add("spring.mail.password", () -> MAIL_PASSWORD);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
		// Unreachable on purpose: the webhook is listed and fails, the email goes out.
		registry.add("mamori.notifications.webhook.url", () -> "http://127.0.0.1:9/hook?key=" + WEBHOOK_KEY);
		registry.add("mamori.notifications.backoff", () -> "100ms");
		registry.add("mamori.notifications.attempts", () -> "1");
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@AfterAll
	static void stopMail() {
		mail.stop();
	}

	@Test
	void anAdminManagesAUserWhoseEveryChangeTakesEffectOnLogin() {
		login(Role.ADMIN);
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		this.browser.findElement(By.id("nav-admin")).click();

		// A password that is too short is refused next to the field; the name typed stays.
		this.browser.findElement(By.id("new-username")).sendKeys("carol");
		this.browser.findElement(By.id("new-password")).sendKeys("short");
		new Select(this.browser.findElement(By.id("new-role"))).selectByValue("OPERATOR");
		this.browser.findElement(By.id("user-create")).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-error")));
		assertThat(this.browser.findElement(By.id("user-error")).getText()).contains("at least 8 characters");
		assertThat(this.browser.findElement(By.id("new-password")).getAttribute("class")).contains("is-invalid");
		assertThat(this.browser.findElement(By.id("new-username")).getAttribute("value")).isEqualTo("carol");
		assertThat(this.browser.findElements(By.cssSelector("#users tr[data-user='carol']"))).isEmpty();

		this.browser.findElement(By.id("new-password")).sendKeys("carol-password-1");
		new Select(this.browser.findElement(By.id("new-role"))).selectByValue("OPERATOR");
		this.browser.findElement(By.id("user-create")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-notice"), "User carol created."));
		assertThat(UiSession.login(this.port, "carol", "carol-password-1", "en").get("/account", "en").body())
			.contains("Operator");

		// Role: OPERATOR to VIEWER; a new login of carol is a viewer.
		WebElement carol = this.browser.findElement(By.cssSelector("#users tr[data-user='carol']"));
		new Select(carol.findElement(By.cssSelector(".user-role"))).selectByValue("VIEWER");
		carol.findElement(By.cssSelector(".user-role-save")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-notice"), "Role of carol changed."));
		UiSession asViewer = UiSession.login(this.port, "carol", "carol-password-1", "en");
		assertThat(asViewer.post("/apps/none/backups", java.util.Map.of(), "en").status()).isEqualTo(403);

		// Reset the password: asked first; the old password stops working, the new one works.
		carol = this.browser.findElement(By.cssSelector("#users tr[data-user='carol']"));
		carol.findElement(By.cssSelector(".user-password")).sendKeys("carol-password-2");
		carol.findElement(By.cssSelector(".user-password-reset")).click();
		assertThat(this.browser.switchTo().alert().getText()).contains("carol");
		this.browser.switchTo().alert().accept();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-notice"), "Password of carol reset."));
		assertThatThrownBy(() -> UiSession.login(this.port, "carol", "carol-password-1", "en"))
			.isInstanceOf(AssertionError.class);
		UiSession.login(this.port, "carol", "carol-password-2", "en");

		// Disable: dismissing the question changes nothing; accepting it locks carol out.
		this.browser.findElement(By.cssSelector("#users tr[data-user='carol'] .user-toggle")).click();
		this.browser.switchTo().alert().dismiss();
		assertThat(this.browser.findElement(By.cssSelector("#users tr[data-user='carol'] .user-enabled")).getText())
			.isEqualTo("enabled");
		this.browser.findElement(By.cssSelector("#users tr[data-user='carol'] .user-toggle")).click();
		this.browser.switchTo().alert().accept();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-notice"), "carol is disabled."));
		assertThat(this.browser.findElement(By.cssSelector("#users tr[data-user='carol'] .user-enabled")).getText())
			.isEqualTo("disabled");
		assertThatThrownBy(() -> UiSession.login(this.port, "carol", "carol-password-2", "en"))
			.isInstanceOf(AssertionError.class);
		Browser.screenshot(this.browser, "ui-admin-en");

		// The audit log has all of it, the chain verifies, and the filter and the CSV agree.
		this.browser.findElement(By.id("nav-audit")).click();
		assertThat(this.browser.findElement(By.id("audit-chain")).getAttribute("data-ok")).isEqualTo("true");
		assertThat(this.browser.findElement(By.id("audit-chain")).getText()).contains("intact");
		this.browser.findElement(By.id("action")).sendKeys("USER_UPDATED");
		this.browser.findElement(By.id("audit-search")).click();
		wait.until(ExpectedConditions.urlContains("action=USER_UPDATED"));
		var rows = this.browser.findElements(By.cssSelector("#audit-events tbody tr[data-action]"));
		assertThat(rows).hasSize(3).allSatisfy((row) -> {
			assertThat(row.getAttribute("data-action")).isEqualTo("USER_UPDATED");
			assertThat(row.getText()).contains("carol").contains("admin2");
		});
		Browser.screenshot(this.browser, "ui-audit-en");
		String csvHref = this.browser.findElement(By.id("audit-csv")).getAttribute("href");
		Http.Response csv = UiSession.login(this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN), "en")
			.get(csvHref.substring(csvHref.indexOf("/audit.csv")), "en");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		String[] lines = csv.body().split("\r\n");
		assertThat(lines[0]).startsWith("id,time,actor_type,actor,action,target,outcome");
		assertThat(lines).hasSize(4);
		assertThat(lines[1]).contains(",admin2,USER_UPDATED,carol,SUCCESS,");
	}

	@Test
	void theTestNotificationReachesTheMailboxAndTheConfigurationHidesItsSecrets() {
		login(Role.ADMIN);
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		this.browser.findElement(By.id("nav-admin")).click();
		this.browser.findElement(By.id("notify-test")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-notice"), "Test notification queued on 2"));
		wait.until((d) -> mail.withSubject("[Mamori] Test notification").size() == 1);
		assertThat(Mailbox.to(mail.withSubject("[Mamori] Test notification").get(0))).containsExactly("ops@example.test");
		wait.until((d) -> {
			d.navigate().refresh();
			return d.findElements(By.cssSelector("#notifications tr[data-kind='TEST'][data-status='SENT']")).size() == 1
					&& d.findElements(By.cssSelector("#notifications tr[data-kind='TEST'][data-status='FAILED']")).size() == 1;
		});
		assertThat(this.browser.getPageSource()).doesNotContain(WEBHOOK_KEY);

		this.browser.findElement(By.id("admin-config")).click();
		assertThat(value("spring.mail.host")).isEqualTo("127.0.0.1");
		assertThat(value("spring.mail.password")).isEqualTo("******");
		assertThat(value("mamori.notifications.webhook.url")).isEqualTo("******");
		assertThat(value("mamori.admin-password")).isEqualTo("******");
		assertThat(value("spring.datasource.url")).startsWith("jdbc:h2:mem:");
		assertThat(this.browser.getPageSource()).doesNotContain(MAIL_PASSWORD)
			.doesNotContain(WEBHOOK_KEY)
			.doesNotContain("admin-password-1");
		Browser.screenshot(this.browser, "ui-config-en");
	}

	@Test
	void operatorsAndViewersHaveNoAdministrationOrAuditMenu() {
		for (Role role : new Role[] { Role.VIEWER, Role.OPERATOR }) {
			login(role);
			assertThat(this.browser.findElements(By.id("nav-monitors"))).hasSize(1);
			assertThat(this.browser.findElements(By.id("nav-admin"))).as(role.name()).isEmpty();
			assertThat(this.browser.findElements(By.id("nav-audit"))).as(role.name()).isEmpty();
			this.browser.get("http://127.0.0.1:" + this.port + "/admin");
			assertThat(this.browser.findElement(By.id("error-message")).getText())
				.isEqualTo("You do not have permission to open this page.");
			this.browser.quit();
		}
		this.browser = null;
		login(Role.ADMIN);
		this.browser.manage().window().setSize(new Dimension(375, 812));
		this.browser.findElement(By.cssSelector(".navbar-toggler")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.elementToBeClickable(By.id("nav-admin")));
		Browser.screenshot(this.browser, "ui-menu-en-phone");
		this.browser.findElement(By.id("nav-admin")).click();
		Browser.screenshot(this.browser, "ui-admin-en-phone");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Administration");
	}

	@Test
	void everyPageFitsAPhoneInBothLanguagesLabelsItsInputsAndLoadsNothingFromAnotherHost() {
		login(Role.ADMIN);
		this.browser.manage().window().setSize(new Dimension(375, 812));
		for (String language : new String[] { "en", "ja" }) {
			// Japanese labels are longer; both languages must fit.
			this.browser.get("http://127.0.0.1:" + this.port + "/?lang=" + language);
			for (String page : new String[] { "/", "/monitors", "/monitors/new", "/incidents", "/restores", "/audit",
					"/admin", "/admin/config", "/account", "/no-such-page" }) {
				checkPage(page, language);
			}
		}
	}

	private void checkPage(String page, String language) {
		this.browser.get("http://127.0.0.1:" + this.port + page);
		assertThat(this.browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
		Object unlabelled = this.browser.executeScript("""
				var out = [];
				document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(function (e) {
					var labelled = (e.id && document.querySelector('label[for="' + e.id + '"]'))
						|| e.getAttribute('aria-label') || e.closest('label');
					if (!labelled) { out.push(e.tagName + '#' + e.id + '[name=' + e.name + ']'); }
				});
				return out.join(', ');""");
		assertThat(unlabelled).as("inputs without a label on %s", page).isEqualTo("");
		// Wide tables scroll inside their own box; nothing else may push the page sideways.
		Object wide = this.browser.executeScript("""
				var out = [];
				document.querySelectorAll('body *').forEach(function (e) {
					if (e.closest('.table-responsive') || e.closest('[hidden]')) { return; }
					var r = e.getBoundingClientRect();
					if (r.width > 0 && r.right > document.documentElement.clientWidth + 1) {
						out.push(e.tagName + '#' + e.id + '.' + e.className);
					}
				});
				if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) {
					out.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
				}
				return out.join(', ');""");
		assertThat(wide).as("elements wider than the phone on %s", page).isEqualTo("");
		// Offline networks: every request the page made went to Mamori, and no asset points elsewhere.
		@SuppressWarnings("unchecked")
		java.util.List<String> requested = (java.util.List<String>) this.browser.executeScript(
				"return [location.href].concat(performance.getEntriesByType('resource').map(function (e) { return e.name; }));");
		assertThat(requested).as("requests of %s", page)
			.hasSizeGreaterThan(3)
			.allSatisfy((url) -> assertThat(url).startsWith("http://127.0.0.1:" + this.port + "/"));
		assertThat(this.browser.getPageSource()).doesNotContainPattern("(src|href)=\"(https?:)?//");
	}

	private String value(String key) {
		return this.browser.findElement(By.cssSelector("#config tr[data-key='" + key + "'] .config-value")).getText();
	}

	private void login(Role role) {
		RoleUsers.ensure(this.users, role);
		this.browser = Browser.login("en", this.port, RoleUsers.username(role), RoleUsers.password(role));
	}

}
