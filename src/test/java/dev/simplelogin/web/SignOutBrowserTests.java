package dev.simplelogin.web;

import dev.simplelogin.testsupport.Browser;
import dev.simplelogin.testsupport.BrowserTest;
import dev.simplelogin.testsupport.DemoAccount;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HomePage;
import dev.simplelogin.testsupport.SecretPage;
import dev.simplelogin.testsupport.SignInPage;
import dev.simplelogin.testsupport.SignOutPage;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing out as a person does it, in headless Chromium: afterwards neither Back nor
 * Forward shows a signed-in page again (the back/forward cache included), whichever way
 * the person signed in and out, and a Sign out button on a page whose session has already
 * ended still signs out. Signing out at the provider:
 * {@link ProviderSignOutBrowserTests}.
 */
@BrowserTest
class SignOutBrowserTests {

	private static final String PROVIDER = "Demo provider";

	@RegisterExtension
	static final Browser browser = Browser.perClass("SignOutBrowserTests");

	private final DemoOpenIdProvider provider = TestProviders.askingConsent();

	@LocalServerPort
	private int port;

	private String app;

	@BeforeEach
	void signedOutEverywhere() {
		this.app = "http://127.0.0.1:" + this.port;
		// App and provider share the host 127.0.0.1, so this clears both sessions.
		browser.open(this.app + "/login");
		browser.driver().manage().deleteAllCookies();
	}

	@Test
	void backAfterSigningOutOfADeepLinkedSecretPageDoesNotShowIt() {
		browser.open(this.app + "/secret");
		new SignInPage(browser).signInWithNewProviderSession(PROVIDER).signIn(alice()).approve();
		SecretPage secret = new SecretPage(browser);
		assertThat(secret.fact("Email")).startsWith(alice().email());

		assertThat(secret.signOut().saysSignedOut()).isTrue();

		assertBackShowsNobodySignedIn();
		assertForwardShowsNobodySignedIn();
	}

	@Test
	void backAfterSigningOutWithTheHeaderButtonShowsNoSignedInPage() {
		signIn(alice()).openSecret().signOut();

		for (int step = 0; step < 3; step++) {
			assertBackShowsNobodySignedIn();
		}
	}

	@Test
	void backAfterSigningOutOnTheSignOutPageShowsNoSignedInPage() {
		signIn(alice()).openSecret();
		browser.open(this.app + "/logout");

		assertThat(new SignOutPage(browser).confirm().saysSignedOut()).isTrue();

		for (int step = 0; step < 3; step++) {
			assertBackShowsNobodySignedIn();
		}
	}

	@Test
	void backAfterSigningOutEverywhereOnTheSessionsPageShowsNoSignedInPage() {
		signIn(alice()).openSecret();
		browser.open(this.app + "/");

		assertThat(new HomePage(browser).openSessions().signOutEverywhere().saysSignedOut()).isTrue();

		for (int step = 0; step < 3; step++) {
			assertBackShowsNobodySignedIn();
		}
	}

	@Test
	void signOutOnAPageWhoseSessionHasAlreadyEndedEndsSignedOutNotForbidden() {
		signIn(alice()).openSecret();
		String first = browser.driver().getWindowHandle();
		browser.driver().switchTo().newWindow(WindowType.TAB);
		browser.open(this.app + "/secret");
		new SecretPage(browser).signOut();
		browser.driver().close();
		browser.driver().switchTo().window(first);

		HomePage home = new SecretPage(browser).signOut();

		assertThat(home.saysSignedOut()).isTrue();
		assertThat(home.signedInAs()).isEmpty();
	}

	// Goes back one step and waits until that page has loaded, from the server or from
	// the back/forward cache; it must name nobody.
	private void assertBackShowsNobodySignedIn() {
		String before = browser.driver().getCurrentUrl();
		browser.driver().navigate().back();
		assertNobodySignedInAfterLeaving(before);
	}

	private void assertForwardShowsNobodySignedIn() {
		String before = browser.driver().getCurrentUrl();
		browser.driver().navigate().forward();
		assertNobodySignedInAfterLeaving(before);
	}

	private void assertNobodySignedInAfterLeaving(String url) {
		browser.waiting()
			.until((driver) -> !driver.getCurrentUrl().equals(url)
					&& "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
		String page = browser.driver().findElement(By.tagName("body")).getText();
		browser.screenshot("after-back-or-forward");
		assertThat(page).as("page at %s", browser.driver().getCurrentUrl())
			.doesNotContain(alice().name())
			.doesNotContain(alice().email());
	}

	private HomePage signIn(DemoAccount account) {
		SignInPage.open(browser, this.app).signInWithNewProviderSession(PROVIDER).signIn(account).approve();
		return new HomePage(browser);
	}

	private DemoAccount alice() {
		return this.provider.account("alice");
	}

}
