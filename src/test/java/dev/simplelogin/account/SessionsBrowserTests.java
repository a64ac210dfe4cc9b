package dev.simplelogin.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.Browser;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HomePage;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.ProviderLoginPage;
import dev.simplelogin.testsupport.SessionsPage;
import dev.simplelogin.testsupport.SignInPage;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.simplelogin.account.SessionsPageIntegrationTests.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sessions page in Chromium (each page checked with axe): alice signs in there, and
 * on two other devices over plain HTTP, then ends one of them, then everything. The first
 * test also takes the README's picture of the page.
 */
@AppWithDemoProviderTest(properties = "simplelogin.session.cleanup-cron=-")
class SessionsBrowserTests {

	private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

	private static final String SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

	private final DemoOpenIdProvider provider = TestProviders.demo();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@TempDir
	private Path profile;

	@Test
	void listsEverySessionAndSignsOutAnother() throws IOException {
		try (Browser browser = Browser.start(this.profile, "SessionsBrowserTests-list", true)) {
			HomePage home = signIn(browser);
			HttpFlow firefox = signedIn(FIREFOX);
			HttpFlow iphone = signedIn(SAFARI);
			browser.open(app() + "/");
			home = new HomePage(browser);
			assertThat(home.sessionsLink()).isEqualTo("Signed in on 3 devices");

			SessionsPage sessions = home.openSessions();
			assertThat(sessions.rows()).containsExactly("Chrome on Linux this browser", "Safari on iOS",
					"Firefox on Windows");
			browser.resize(1000, 1300);
			Path readme = Path.of("target", "screenshots", "readme");
			Files.createDirectories(readme);
			Files.copy(browser.screenshot("readme-sessions"), readme.resolve("sessions.png"),
					StandardCopyOption.REPLACE_EXISTING);

			sessions = sessions.signOut("Firefox on Windows");

			assertThat(sessions.outcome()).hasValue("That session is signed out.");
			assertThat(sessions.rows()).containsExactly("Chrome on Linux this browser", "Safari on iOS");
			assertRefused(firefox);
			assertThat(iphone.get("/secret").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void signsOutEverywhereElseThenEverywhere() {
		try (Browser browser = Browser.start(this.profile, "SessionsBrowserTests-all", true)) {
			signIn(browser);
			HttpFlow firefox = signedIn(FIREFOX);
			HttpFlow iphone = signedIn(SAFARI);
			browser.open(app() + "/sessions");

			SessionsPage sessions = new SessionsPage(browser).signOutEverywhereElse();

			assertThat(sessions.outcome()).hasValue("Your other sessions are signed out.");
			assertThat(sessions.rows()).containsExactly("Chrome on Linux this browser");
			assertRefused(firefox);
			assertRefused(iphone);

			HomePage home = sessions.signOutEverywhere();

			assertThat(home.saysSignedOut()).isTrue();
			assertThat(home.signedInAs()).isEmpty();
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class)).isZero();
		}
	}

	private HomePage signIn(Browser browser) {
		SignInPage.open(browser, app()).signInWith("Demo provider");
		new ProviderLoginPage(browser).submit(this.provider.account("alice"));
		return new HomePage(browser);
	}

	private HttpFlow signedIn(String userAgent) {
		HttpFlow device = new HttpFlow(app(), userAgent);
		device.signIn("/secret", this.provider.account("alice"));
		return device;
	}

	private String app() {
		return "http://127.0.0.1:" + this.port;
	}

}
