package dev.simplelogin.web;

import java.nio.file.Path;

import dev.simplelogin.testsupport.Browser;
import dev.simplelogin.testsupport.BrowserTest;
import dev.simplelogin.testsupport.SignInPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider whose discovery failed at start, as a person sees it: a button that cannot
 * be pressed and a sentence, beside the providers that work, on a page that passes axe.
 */
@BrowserTest
@TestPropertySource(properties = { "spring.security.oauth2.client.registration.corp.client-id=app",
		"spring.security.oauth2.client.registration.corp.client-name=Corp SSO",
		"spring.security.oauth2.client.provider.corp.issuer-uri=http://127.0.0.1:9/no-provider-here" })
class UnavailableProviderBrowserTests {

	@LocalServerPort
	private int port;

	@TempDir
	private Path profile;

	@Test
	void unavailableProviderIsShownAsSuchAndTheOthersStillWork() {
		try (Browser browser = Browser.start(this.profile, "UnavailableProviderBrowserTests", true)) {
			SignInPage page = SignInPage.open(browser, "http://127.0.0.1:" + this.port);

			assertThat(page.text()).contains("Corp SSO cannot be reached right now");
			assertThat(browser.driver().findElements(By.partialLinkText("Sign in with Corp SSO"))).isEmpty();
			assertThat(browser.driver().findElement(By.xpath("//*[@aria-disabled='true']")).getText())
				.isEqualTo("Sign in with Corp SSO");
			assertThat(browser.driver().findElements(By.partialLinkText("Sign in with Demo provider"))).hasSize(1);
		}
	}

}
