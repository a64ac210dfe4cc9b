package dev.simplelogin.web;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.simplelogin.testsupport.Browser;
import dev.simplelogin.testsupport.DemoAccount;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.SecretPage;
import dev.simplelogin.testsupport.SignInPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing out at the provider, in headless Chromium: the provider tells the app over the
 * back channel, the browser never comes back to the app, and Back must still not show the
 * signed-in page the person left. The provider runs on another site ({@code localhost},
 * the app on {@code 127.0.0.1}), as a real provider does: its sign-out changes no cookie
 * of the app's site, which would make Chromium drop the page from its back/forward cache
 * on its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ProviderSignOutBrowserTests {

	private static DemoOpenIdProvider provider;

	@RegisterExtension
	static final Browser browser = Browser.perClass("ProviderSignOutBrowserTests");

	@LocalServerPort
	private int port;

	private String app;

	private String backChannel;

	@AfterAll
	static void stopProvider() {
		if (provider != null) {
			provider.close();
		}
	}

	@DynamicPropertySource
	static void providerOnAnotherSite(DynamicPropertyRegistry registry) {
		Browser.requireChromium();
		provider = DemoOpenIdProvider.start("localhost", 0);
		Map<String, Object> properties = new HashMap<>(provider.clientProperties());
		properties.put("spring.datasource.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		properties.forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeEach
	void signedOutEverywhere() {
		this.app = "http://127.0.0.1:" + this.port;
		this.backChannel = this.app + "/logout/connect/back-channel/demo";
		provider.sendBackChannelLogoutTo(this.backChannel);
		browser.open(this.app + "/login");
		browser.driver().manage().deleteAllCookies();
		browser.open(provider.issuer() + "/login");
		browser.driver().manage().deleteAllCookies();
	}

	@AfterEach
	void stopSendingLogoutTokens() {
		provider.stopBackChannelLogoutTo(this.backChannel);
	}

	@Test
	void backAfterSigningOutAtTheProviderShowsNoSignedInPage() {
		browser.open(this.app + "/secret");
		new SignInPage(browser).signInWithNewProviderSession("Demo provider").submit(alice());
		assertThat(new SecretPage(browser).fact("Email")).startsWith(alice().email());

		browser.open(provider.issuer() + "/logout");
		browser.clickAndWaitForNextDocument(browser.driver().findElement(By.cssSelector("button[type=submit]")));
		browser.arrived("provider-signed-out", false);

		goBack();
		goBack();
		// A page restored from the back/forward cache asks the server again, which
		// sends the browser to sign in.
		browser.waiting().until((driver) -> !"/secret".equals(browser.path()));
		String page = browser.driver().findElement(By.tagName("body")).getText();
		assertThat(page).doesNotContain(alice().name()).doesNotContain(alice().email());
	}

	// Goes back one step and waits until that page has loaded, from the server or from
	// the back/forward cache.
	private void goBack() {
		String before = browser.driver().getCurrentUrl();
		browser.driver().navigate().back();
		browser.waiting()
			.until((driver) -> !driver.getCurrentUrl().equals(before)
					&& "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
		browser.screenshot("after-back");
	}

	private DemoAccount alice() {
		return provider.account("alice");
	}

}
