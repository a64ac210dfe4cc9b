package dev.simplelogin.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.SilentServer;
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
@AppWithDemoProviderTest(properties = { "simplelogin.provider.connect-timeout=1s",
		"simplelogin.provider.read-timeout=1s" })
class ProviderTimeoutIntegrationTests {

	private static final SilentServer silent = new SilentServer();

	private static final String UNREACHABLE = "The sign-in provider could not be reached";

	@LocalServerPort
	private int port;

	private HttpFlow browser;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		register(registry, "silent", silent.url());
		register(registry, "gone", SilentServer.refusingUrl());
	}

	private static void register(DynamicPropertyRegistry registry, String id, String baseUrl) {
		String registration = "spring.security.oauth2.client.registration." + id + ".";
		String provider = "spring.security.oauth2.client.provider." + id + ".";
		registry.add(registration + "client-id", () -> "app");
		registry.add(registration + "client-secret", () -> "secret");
		registry.add(provider + "authorization-uri", () -> baseUrl + "/authorize");
		registry.add(provider + "token-uri", () -> baseUrl + "/token");
		registry.add(provider + "jwk-set-uri", () -> baseUrl + "/jwks");
		registry.add(provider + "user-info-uri", () -> baseUrl + "/userinfo");
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
	void providerThatStopsAnsweringGivesFriendlyErrorWithinTimeout() {
		URI callback = callbackFor("silent");

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

	@Test
	void providerThatRefusesConnectionsGivesFriendlyError() {
		HttpResponse<String> page = this.browser.follow(this.browser.get(callbackFor("gone").toString()));

		assertThat(page.uri().getPath()).isEqualTo("/login");
		assertThat(page.body()).contains(UNREACHABLE);
	}

	private URI callbackFor(String registrationId) {
		URI authorizationRequest = this.browser.startSignIn(registrationId);
		Map<String, String> request = HttpFlow.queryParameters(authorizationRequest);
		return URI.create(request.get("redirect_uri") + "?code=some-code&state=" + request.get("state"));
	}

}
