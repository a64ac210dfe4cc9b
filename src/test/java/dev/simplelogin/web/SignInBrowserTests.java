package dev.simplelogin.web;

import java.nio.file.Path;

import dev.simplelogin.testsupport.Browser;
import dev.simplelogin.testsupport.BrowserTest;
import dev.simplelogin.testsupport.DemoAccount;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.ErrorPage;
import dev.simplelogin.testsupport.HomePage;
import dev.simplelogin.testsupport.ProviderConsentPage;
import dev.simplelogin.testsupport.ProviderLoginPage;
import dev.simplelogin.testsupport.SecretPage;
import dev.simplelogin.testsupport.SignInPage;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WindowType;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in as a person meets it, in headless Chromium, against the demo provider (the
 * variant that asks for consent, so that a person can cancel there).
 */
@BrowserTest
class SignInBrowserTests {

	private static final String PROVIDER = "Demo provider";

	@RegisterExtension
	static final Browser browser = Browser.perClass("SignInBrowserTests");

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
	void deepLinkToSecretReturnsThereAfterSignInAndSignOutLocksItAgain() {
		browser.open(this.app + "/secret");
		ProviderLoginPage providerLogin = new SignInPage(browser).signInWithNewProviderSession(PROVIDER);
		providerLogin.signIn(alice()).approve();

		SecretPage secret = new SecretPage(browser);
		assertThat(secret.heading()).isEqualTo("Only logged in user can see this.");
		assertThat(secret.fact("Name")).isEqualTo("Alice Example");
		assertThat(secret.signedInAs()).contains("Alice Example");

		HomePage home = secret.signOut();
		assertThat(home.saysSignedOut()).isTrue();
		assertThat(home.signedInAs()).isEmpty();

		browser.open(this.app + "/secret");
		assertThat(new SignInPage(browser).failure()).isEmpty();
	}

	@Test
	void backButtonAfterSignOutDoesNotShowSecretPage() {
		signIn(alice());
		browser.open(this.app + "/secret");
		new SecretPage(browser).signOut();

		browser.driver().navigate().back();

		browser.waiting().until((driver) -> !browser.path().equals("/secret"));
		assertThat(new SignInPage(browser).text()).doesNotContain("Only logged in user");
	}

	@Test
	void cancellingAtProviderShowsFriendlySentenceAndTryingAgainSignsIn() {
		SignInPage signIn = SignInPage.open(browser, this.app);
		signIn.signInWithNewProviderSession(PROVIDER).signIn(bob()).cancel();

		SignInPage failed = new SignInPage(browser);
		assertThat(failed.failure()).contains("You cancelled at the provider, so you are not signed in.");

		failed.signInWith(PROVIDER);
		new ProviderConsentPage(browser).approve();
		HomePage home = new HomePage(browser);
		assertThat(home.heading()).isEqualTo("Hello, Bob Example");
	}

	@Test
	void twoTabsSigningInAtOnceBothEndSignedIn() {
		String first = browser.driver().getWindowHandle();
		SignInPage.open(browser, this.app).signInWithNewProviderSession(PROVIDER).signIn(alice());
		browser.driver().switchTo().newWindow(WindowType.TAB);
		String second = browser.driver().getWindowHandle();
		SignInPage.open(browser, this.app).signInWith(PROVIDER);
		ProviderConsentPage secondConsent = new ProviderConsentPage(browser);

		String firstOutcome;
		String secondOutcome;
		try {
			browser.driver().switchTo().window(first);
			new ProviderConsentPage(browser).approve();
			firstOutcome = outcome();
			browser.driver().switchTo().window(second);
			secondConsent.approve();
			secondOutcome = outcome();
		}
		finally {
			browser.driver().switchTo().window(second).close();
			browser.driver().switchTo().window(first);
		}

		// Each sign-in in flight has a cookie of its own, so neither spoils the other.
		assertThat(firstOutcome).isEqualTo("signed in");
		assertThat(secondOutcome).isEqualTo("signed in");
	}

	@Test
	void sessionCookieIsHttpOnlyAndLaxAndThereIsNoJsessionid() {
		signIn(alice());

		Cookie session = browser.driver().manage().getCookieNamed("SESSION");
		assertThat(session).isNotNull();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Lax");
		assertThat(session.getPath()).isEqualTo("/");
		assertThat(session.getExpiry()).isNull();
		assertThat(browser.driver().manage().getCookieNamed("JSESSIONID")).isNull();
	}

	@Test
	void unknownPageShowsFriendlyNotFoundPage() {
		signIn(alice());

		browser.open(this.app + "/no-such-page");

		assertThat(new ErrorPage(browser).heading()).isEqualTo("Page not found");
	}

	@Test
	void signInPageOfASignedInPersonSaysWhoIsSignedInAndNoFailure() {
		signIn(alice());

		browser.open(this.app + "/login?error=expired");

		SignInPage page = new SignInPage(browser);
		assertThat(page.heading()).isEqualTo("You are signed in");
		assertThat(page.text()).contains("You are already signed in as Alice Example.")
			.doesNotContain("expired", "Sign in with");
		assertThat(page.failure()).isEmpty();
		assertThat(page.signedInAs()).contains("Alice Example");
	}

	@Test
	void signedInHomePageGreetsByNameAndLinksToSecret() {
		HomePage home = signIn(alice());

		assertThat(home.heading()).isEqualTo("Hello, Alice Example");
		assertThat(home.openSecret().fact("Email")).startsWith("alice@example.com");
	}

	private HomePage signIn(DemoAccount account) {
		SignInPage.open(browser, this.app).signInWithNewProviderSession(PROVIDER).signIn(account).approve();
		return new HomePage(browser);
	}

	// Either the page the sign-in ends on, or the sign-in page (asking to try again, or
	// saying who is signed in): never an error.
	private String outcome() {
		browser.waiting().until((driver) -> browser.path().equals("/") || browser.path().equals("/login"));
		if (browser.path().equals("/")) {
			assertThat(new HomePage(browser).signedInAs()).isPresent();
			return "signed in";
		}
		SignInPage signIn = new SignInPage(browser);
		if (signIn.signedInAs().isPresent()) {
			return "failed, but signed in by the other tab";
		}
		assertThat(signIn.failure()).get().asString().contains("expired or was started in another browser");
		return "try again";
	}

	private DemoAccount alice() {
		return this.provider.account("alice");
	}

	private DemoAccount bob() {
		return this.provider.account("bob");
	}

}
