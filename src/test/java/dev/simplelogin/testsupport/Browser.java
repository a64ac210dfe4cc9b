package dev.simplelogin.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Nothing is
 * downloaded: both binaries are named explicitly, so Selenium Manager never runs. Every
 * page the tests arrive at is saved as a PNG under {@code target/screenshots/}, and every
 * page of the app is checked with axe-core (bundled in Deque's jar, injected from the
 * classpath).
 */
public final class Browser implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Set<String> BLOCKING_IMPACTS = Set.of("serious", "critical");

	// Set once the browser runs: at once for start(), before the first test for
	// perClass().
	private ChromeDriver driver;

	private Path screenshots;

	private final boolean javascript;

	private final String name;

	private Path profile;

	private int pageCount;

	private Browser(ChromeDriver driver, Path screenshots, boolean javascript) {
		this.driver = driver;
		this.screenshots = screenshots;
		this.javascript = javascript;
		this.name = null;
	}

	private Browser(String name) {
		this.javascript = true;
		this.name = name;
	}

	/**
	 * One browser for every test of a class, with JavaScript on: started with a fresh
	 * profile before the first test and closed after the last. Register it as a static
	 * {@code @RegisterExtension} field.
	 * @param name the folder under target/screenshots for this browser's pictures
	 * @return the browser, not yet started
	 */
	public static Browser perClass(String name) {
		return new Browser(name);
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		requireChromium();
		this.profile = Files.createTempDirectory("chromium-profile-");
		Browser started = start(this.profile, this.name, this.javascript);
		this.driver = started.driver;
		this.screenshots = started.screenshots;
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (this.driver != null) {
			close();
		}
		if (this.profile != null) {
			FileSystemUtils.deleteRecursively(this.profile);
		}
	}

	/**
	 * Starts a headless Chromium with a fresh profile.
	 * @param profile an empty directory for the browser's user data
	 * @param name the folder under target/screenshots for this browser's pictures
	 * @param javascript whether pages may run scripts
	 * @return the browser
	 */
	public static Browser start(Path profile, String name, boolean javascript) {
		requireChromium();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
				"--user-data-dir=" + profile.toAbsolutePath());
		if (!javascript) {
			options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
		}
		// The console shows what the page could not load, Content-Security-Policy
		// refusals included.
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().window().setSize(new Dimension(1280, 900));
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		Path screenshots = Path.of("target", "screenshots", name);
		try {
			Files.createDirectories(screenshots);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Browser(driver, screenshots, javascript);
	}

	/**
	 * Fails when Chromium is missing in CI; elsewhere the test is skipped with a hint.
	 */
	public static void requireChromium() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (installed) {
			return;
		}
		String message = "Browser tests need Debian's Chromium and chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER
				+ ": install them with 'sudo apt-get install chromium chromium-driver'";
		if (System.getenv("CI") != null) {
			throw new IllegalStateException(message);
		}
		Assumptions.abort(message);
	}

	public WebDriver driver() {
		return this.driver;
	}

	public void open(String url) {
		this.driver.get(url);
	}

	public String path() {
		return URI.create(this.driver.getCurrentUrl()).getPath();
	}

	/**
	 * Records arrival at a page: saves a screenshot and, for the app's own pages, checks
	 * that axe finds nothing serious or critical. axe is a script, so a browser without
	 * JavaScript skips that check; the same pages are checked by the other browsers.
	 * @param page a short name for the page
	 * @param ours whether the page is the app's (the provider's pages are not ours to
	 * fix)
	 */
	public void arrived(String page, boolean ours) {
		screenshot(page);
		List<LogEntry> console = this.driver.manage().logs().get(LogType.BROWSER).getAll();
		if (ours) {
			assertThat(console).as("Content-Security-Policy refusals on %s", page)
				.noneMatch((entry) -> entry.getMessage().contains("Content Security Policy")
						|| entry.getMessage().contains("Refused to"));
		}
		if (ours && this.javascript) {
			assertAccessible(page);
		}
	}

	public Path screenshot(String page) {
		this.pageCount++;
		Path target = this.screenshots.resolve("%02d-%s.png".formatted(this.pageCount, page));
		try {
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return target;
	}

	public void assertAccessible(String page) {
		Results results = new AxeBuilder().analyze(this.driver);
		assertThat(results.isErrored()).as("axe failed on %s: %s", page, results.getErrorMessage()).isFalse();
		assertThat(results.getPasses()).as("axe checked nothing on %s", page).isNotEmpty();
		List<Rule> blocking = results.getViolations()
			.stream()
			.filter((rule) -> BLOCKING_IMPACTS.contains(rule.getImpact()))
			.toList();
		assertThat(blocking).as("axe violations on %s: %s", page, describe(blocking)).isEmpty();
	}

	/**
	 * Runs axe's color-contrast rule alone (WCAG AA: 4.5:1 for normal text).
	 * @return the elements it checked and found to pass, as axe's selectors
	 */
	public List<String> contrastPasses() {
		Results results = new AxeBuilder().withOnlyRules(List.of("color-contrast")).analyze(this.driver);
		assertThat(results.isErrored()).as("axe failed: %s", results.getErrorMessage()).isFalse();
		return results.getPasses()
			.stream()
			.flatMap((rule) -> rule.getNodes().stream())
			.map((node) -> String.valueOf(node.getTarget()))
			.toList();
	}

	/**
	 * Switches prefers-color-scheme for the pages, as a user's system setting would.
	 * @param scheme {@code light} or {@code dark}
	 */
	public void emulateColorScheme(String scheme) {
		this.driver.executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
	}

	public void resize(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	public long documentWidth() {
		return ((Number) ((JavascriptExecutor) this.driver)
			.executeScript("return document.documentElement.scrollWidth")).longValue();
	}

	/**
	 * Clicks and waits until the browser shows the document that answered. Chromium may
	 * report an element of the old document as neither stale nor present while it swaps
	 * documents, so this marks the old window object instead of watching an element.
	 * @param button what to click
	 */
	public void clickAndWaitForNextDocument(WebElement button) {
		JavascriptExecutor js = (JavascriptExecutor) this.driver;
		js.executeScript("window.simpleLoginOldDocument = true");
		button.click();
		waiting().ignoring(WebDriverException.class)
			.until((driver) -> js
				.executeScript("return document.readyState === 'complete' && !window.simpleLoginOldDocument"));
	}

	public WebDriverWait waiting() {
		return new WebDriverWait(this.driver, Duration.ofSeconds(10));
	}

	@Override
	public void close() {
		this.driver.quit();
	}

	private static String describe(List<Rule> rules) {
		return rules.stream()
			.map((rule) -> rule.getId() + " (" + rule.getImpact() + "): "
					+ rule.getNodes()
						.stream()
						.map((node) -> String.valueOf(node.getTarget()))
						.collect(Collectors.joining(", ")))
			.collect(Collectors.joining("; "));
	}

}
