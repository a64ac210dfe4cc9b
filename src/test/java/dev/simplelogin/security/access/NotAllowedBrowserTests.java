package dev.simplelogin.security.access;

import dev.simplelogin.testsupport.Browser;
import dev.simplelogin.testsupport.BrowserTest;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.NotAllowedPage;
import dev.simplelogin.testsupport.SignInPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusal page as a person meets it, in headless Chromium (checked with axe): the
 * scriptable provider signs in mallory@example.com, whose domain the rules leave out.
 */
@BrowserTest
class NotAllowedBrowserTests {

	private static final HostileProvider provider = new HostileProvider();

	@RegisterExtension
	static final Browser browser = Browser.perClass("NotAllowedBrowserTests");

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void registerProvider(DynamicPropertyRegistry registry) {
		provider.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("simplelogin.access.registrations.hostile.domains", () -> "corp.example");
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@Test
	void refusedAccountSeesWhichAddressWasRefusedAndCanTryAnother() {
		SignInPage.open(browser, "http://127.0.0.1:" + this.port).signInWith("Hostile");

		NotAllowedPage refused = new NotAllowedPage(browser, "hostile");
		assertThat(refused.heading()).isEqualTo("This account is not allowed here");
		assertThat(refused.address()).isEqualTo("mallory@example.com");
		assertThat(refused.signedInAs()).isEmpty();
		assertThat(refused.anotherAccount().getAttribute("href"))
			.endsWith("/oauth2/authorization/hostile?prompt=select_account");

		refused.anotherAccount().click();

		assertThat(new NotAllowedPage(browser, "hostile").address()).isEqualTo("mallory@example.com");
	}

}
