package dev.simplelogin.security.logout;

import java.util.Map;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.simplelogin.security.logout.BackChannelLogoutIntegrationTests.assertSignedIn;
import static dev.simplelogin.security.logout.BackChannelLogoutIntegrationTests.assertSignedOut;

/**
 * The demo: signing out at the demo provider signs the person out of the app, through a
 * back-channel logout token the provider sends.
 */
@AppWithDemoProviderTest
class DemoProviderBackChannelLogoutIntegrationTests {

	private final DemoOpenIdProvider provider = TestProviders.demo();

	@LocalServerPort
	private int port;

	private String endpoint;

	@BeforeEach
	void registerEndpoint() {
		this.endpoint = "http://127.0.0.1:" + this.port + "/logout/connect/back-channel/demo";
		this.provider.sendBackChannelLogoutTo(this.endpoint);
	}

	@AfterEach
	void unregisterEndpoint() {
		this.provider.stopBackChannelLogoutTo(this.endpoint);
	}

	@Test
	void signingOutAtTheDemoProviderEndsTheAppSession() {
		HttpFlow browser = new HttpFlow("http://127.0.0.1:" + this.port);
		browser.signIn("/secret", this.provider.account("alice"));
		assertSignedIn(browser);

		String providerLogout = this.provider.issuer() + "/logout";
		String csrf = HttpFlow.csrfToken(browser.get(providerLogout).body());
		browser.post(providerLogout, Map.of("_csrf", csrf));

		assertSignedOut(browser);
	}

}
