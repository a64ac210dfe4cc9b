package dev.simplelogin.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.SilentServer;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that hangs or is gone never hangs the app: the callback ends on the sign-in
 * page with a friendly sentence within the configured timeout.
 */
@AppWithDemoProviderTest(
		properties = { "simplelogin.provider.connect-timeout=1s", "simplelogin.provider.read-timeout=1s" })
class ProviderTimeoutIntegrationTests {

	private static final SilentServer silent = new SilentServer();

	private static final String UNREACHABLE = "The sign-in provider could not be reached";

	@LocalServerPort
	private int port;

	private HttpFlow browser;

	// Each registration discovers the demo provider, then overrides one endpoint with a
	// server that never answers or a port where nothing listens.
	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		register(registry, "silent", "token-uri", silent.url() + "/token");
		register(registry, "gone", "token-uri", SilentServer.refusingUrl() + "/token");
		register(registry, "silentkeys", "jwk-set-uri", silent.url() + "/jwks");
		register(registry, "silentuserinfo", "user-info-uri", silent.url() + "/userinfo");
	}

	private static void register(DynamicPropertyRegistry registry, String id, String endpoint, String url) {
		DemoOpenIdProvider demo = TestProviders.demo();
		String registration = "spring.security.oauth2.client.registration." + id + ".";
		String provider = "spring.security.oauth2.client.provider." + id + ".";
		registry.add(registration + "client-id", () -> DemoOpenIdProvider.CLIENT_ID);
		registry.add(registration + "client-secret", demo::clientSecret);
		// The demo provider knows the app's callback under the id "demo" only.
		registry.add(registration + "redirect-uri", () -> "{baseUrl}/login/oauth2/code/demo");
		registry.add(provider + "issuer-uri", demo::issuer);
		registry.add(provider + endpoint, () -> url);
	}

	@AfterAll
	static void stopSilentServer() throws IOException {
		silent.close();
	}

	@BeforeEach
	void newBrowser() {
		this.browser = new HttpFlow("http://127.0.0.1:" + this.port);
	}

	@Test
	void tokenEndpointThatStopsAnsweringGivesFriendlyErrorWithinTimeout() {
		assertFriendlyErrorWithinTimeout(callbackFor("silent"));
	}

	@Test
	void signingKeysThatStopAnsweringGiveFriendlyErrorWithinTimeout() {
		assertFriendlyErrorWithinTimeout(callbackFor("silentkeys"));
	}

	@Test
	void userInfoThatStopsAnsweringGivesFriendlyErrorWithinTimeout() {
		assertFriendlyErrorWithinTimeout(callbackFor("silentuserinfo"));
	}

	@Test
	void providerThatRefusesConnectionsGivesFriendlyError() {
		HttpResponse<String> page = this.browser.follow(this.browser.get(callbackFor("gone").toString()));

		assertThat(page.uri().getPath()).isEqualTo("/login");
		assertThat(page.body()).contains(UNREACHABLE);
	}

	private void assertFriendlyErrorWithinTimeout(URI callback) {
		long started = System.nanoTime();
		HttpResponse<String> response = this.browser.get(callback.toString());
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(4));
		assertThat(response.statusCode()).isEqualTo(302);
		HttpResponse<String> page = this.browser.follow(response);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(UNREACHABLE);
		assertThat(this.browser.get("/secret").statusCode()).isEqualTo(302);
	}

	// The real callback: the demo provider signs alice in and issues a code.
	private URI callbackFor(String registrationId) {
		return this.browser.authorizeAtProvider(this.browser.startSignIn(registrationId),
				TestProviders.demo().account("alice"));
	}

}
