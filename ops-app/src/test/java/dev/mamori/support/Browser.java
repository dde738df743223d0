package dev.mamori.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium through Selenium, with no driver or browser download and no background
 * traffic to hosts other than the server under test.
 */
public final class Browser {

	static final String CHROMIUM = env("MAMORI_TEST_CHROMIUM", "/usr/bin/chromium");

	static final String CHROMEDRIVER = env("MAMORI_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");

	private Browser() {
	}

	/**
	 * @param language the browser's Accept-Language, such as {@code en} or {@code ja}
	 * @return a new headless browser; quit it when done
	 */
	public static ChromeDriver start(String language) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-quic", "--window-size=1280,900", "--lang=" + language);
		options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return driver;
	}

	/**
	 * Starts a browser and logs in through the login form.
	 * @param language the browser's language
	 * @param port Mamori's port
	 * @param username the user
	 * @param password the password
	 * @return the browser, on the dashboard; quit it when done
	 */
	public static ChromeDriver login(String language, int port, String username, String password) {
		ChromeDriver driver = start(language);
		driver.get("http://127.0.0.1:" + port + "/login");
		driver.findElement(org.openqa.selenium.By.id("username")).sendKeys(username);
		driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(password);
		driver.findElement(org.openqa.selenium.By.id("login-submit")).click();
		new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(20)).until(
				org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(org.openqa.selenium.By.id("current-role")));
		return driver;
	}

	/**
	 * Clicks an element after scrolling it to the middle of the window, so that a long page (or a phone's
	 * narrow one) never has something else on top of it at the click; if something still is, the element's
	 * own click is dispatched.
	 * @param driver the browser
	 * @param element the element
	 */
	public static void click(ChromeDriver driver, org.openqa.selenium.WebElement element) {
		driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element);
		try {
			element.click();
		}
		catch (org.openqa.selenium.ElementClickInterceptedException ex) {
			// Still covered where Chromium computed the click point (a layout still settling on a long page):
			// the element's own click, which is what a user's tap on it does.
			driver.executeScript("arguments[0].click();", element);
		}
	}

	/**
	 * Saves a screenshot under {@code target/screenshots}.
	 * @param driver the browser
	 * @param name the file name without extension
	 */
	public static void screenshot(ChromeDriver driver, String name) {
		try {
			Path dir = Files.createDirectories(Path.of("target", "screenshots"));
			Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not save screenshot " + name, ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
