package dev.simplelogin.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.simplelogin.testsupport.Browser;
import dev.simplelogin.testsupport.BrowserTest;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.ErrorPage;
import dev.simplelogin.testsupport.HomePage;
import dev.simplelogin.testsupport.SecretPage;
import dev.simplelogin.testsupport.SignInPage;
import dev.simplelogin.testsupport.SignOutPage;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the pages look and behave on different screens and settings: narrow phones, dark
 * system theme, no JavaScript. Each test has a browser with a fresh profile of its own.
 */
@BrowserTest
class LayoutBrowserTests {

	private final DemoOpenIdProvider provider = TestProviders.askingConsent();

	@LocalServerPort
	private int port;

	@TempDir
	private Path profile;

	@Test
	void everyPageFitsA360PixelWideScreen() {
		try (Browser browser = Browser.start(this.profile, "LayoutBrowserTests-narrow", true)) {
			browser.resize(360, 740);

			HomePage.open(browser, app());
			assertThat(browser.documentWidth()).isLessThanOrEqualTo(360);
			SignInPage.open(browser, app());
			assertThat(browser.documentWidth()).isLessThanOrEqualTo(360);
			signIn(browser);
			assertThat(browser.documentWidth()).isLessThanOrEqualTo(360);
			browser.open(app() + "/secret");
			new SecretPage(browser);
			assertThat(browser.documentWidth()).isLessThanOrEqualTo(360);
		}
	}

	@Test
	void darkThemePagesPassAccessibilityChecks() {
		try (Browser browser = Browser.start(this.profile, "LayoutBrowserTests-dark", true)) {
			browser.emulateColorScheme("dark");

			HomePage.open(browser, app());
			String background = browser.driver().findElement(By.tagName("body")).getCssValue("background-color");
			assertThat(background).isEqualTo("rgba(15, 20, 25, 1)");
			SignInPage.open(browser, app());
			signIn(browser);
			browser.open(app() + "/secret");
			new SecretPage(browser);
			browser.open(app() + "/no-such-page");
			new ErrorPage(browser);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "light", "dark" })
	void verifiedBadgeStandsOutAndItsTextPassesAxeContrastCheck(String scheme) {
		try (Browser browser = Browser.start(this.profile, "LayoutBrowserTests-badge-" + scheme, true)) {
			browser.emulateColorScheme(scheme);
			signIn(browser);
			browser.open(app() + "/secret");
			WebElement badge = new SecretPage(browser).verifiedBadge();
			String surface = browser.driver().findElement(By.cssSelector(".facts")).getCssValue("background-color");

			assertThat(badge.getText()).isEqualTo("verified");
			assertThat(browser.contrastPasses()).anyMatch((target) -> target.contains(".badge"));
			// WCAG 1.4.11: a component's shape needs 3:1 against what surrounds it.
			assertThat(contrast(badge.getCssValue("background-color"), surface)).isGreaterThanOrEqualTo(3.0);
		}
	}

	@Test
	void keyboardFocusIsVisible() {
		try (Browser browser = Browser.start(this.profile, "LayoutBrowserTests-focus", true)) {
			SignInPage.open(browser, app());
			WebElement button = browser.driver().findElement(By.cssSelector(".providers a"));

			browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB, Keys.TAB);
			WebElement focused = browser.driver().switchTo().activeElement();

			assertThat(focused).isEqualTo(button);
			assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
			assertThat(focused.getCssValue("outline-width")).isEqualTo("3px");
		}
	}

	@Test
	void signInAndOutWorkWithJavaScriptDisabled() {
		try (Browser browser = Browser.start(this.profile, "LayoutBrowserTests-noscript", false)) {
			browser.open(app() + "/secret");
			new SignInPage(browser).signInWithNewProviderSession("Demo provider")
				.signIn(this.provider.account("alice"))
				.approve();
			SecretPage secret = new SecretPage(browser);
			assertThat(secret.fact("Name")).isEqualTo("Alice Example");

			assertThat(secret.signOut().saysSignedOut()).isTrue();
		}
	}

	@Test
	void screenshotsForTheReadme() throws IOException {
		Path docs = Path.of("target", "screenshots", "readme");
		Files.createDirectories(docs);
		try (Browser browser = Browser.start(this.profile, "LayoutBrowserTests-readme", true)) {
			HomePage.open(browser, app());
			copy(browser.screenshot("readme-home"), docs.resolve("home-signed-out.png"));
			browser.open(app() + "/login?error=cancelled");
			assertThat(new SignInPage(browser).failure()).isPresent();
			copy(browser.screenshot("readme-sign-in"), docs.resolve("sign-in.png"));
			signIn(browser);
			copy(browser.screenshot("readme-home-signed-in"), docs.resolve("home-signed-in.png"));
			browser.open(app() + "/secret");
			new SecretPage(browser);
			copy(browser.screenshot("readme-secret"), docs.resolve("secret.png"));
			browser.open(app() + "/no-such-page");
			new ErrorPage(browser);
			copy(browser.screenshot("readme-error"), docs.resolve("error.png"));
			browser.open(app() + "/logout");
			SignOutPage signOut = new SignOutPage(browser);
			assertThat(signOut.heading()).isEqualTo("Sign out");
			assertThat(signOut.confirm().saysSignedOut()).isTrue();
		}
	}

	private void signIn(Browser browser) {
		SignInPage.open(browser, app())
			.signInWithNewProviderSession("Demo provider")
			.signIn(this.provider.account("alice"))
			.approve();
		new HomePage(browser);
	}

	private String app() {
		return "http://127.0.0.1:" + this.port;
	}

	// WCAG's contrast ratio of two opaque CSS colours as Chromium reports them ("rgba(17,
	// 99, 41, 1)").
	private static double contrast(String first, String second) {
		double a = luminance(first);
		double b = luminance(second);
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	}

	private static double luminance(String cssColor) {
		String[] parts = cssColor.replaceAll("[^0-9.,]", "").split(",");
		assertThat(parts.length == 3 || Double.parseDouble(parts[3]) == 1.0).as("%s is opaque", cssColor).isTrue();
		double[] weights = { 0.2126, 0.7152, 0.0722 };
		double luminance = 0;
		for (int i = 0; i < 3; i++) {
			double channel = Double.parseDouble(parts[i]) / 255;
			channel = (channel <= 0.04045) ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
			luminance += weights[i] * channel;
		}
		return luminance;
	}

	private static void copy(Path from, Path to) throws IOException {
		Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
	}

}
