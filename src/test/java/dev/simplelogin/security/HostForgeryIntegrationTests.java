package dev.simplelogin.security;

import java.net.URI;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A forged {@code Host} or {@code X-Forwarded-Host} steers nothing: redirects carry only
 * a path, and with {@code simplelogin.base-url} the redirect URI sent to the provider is
 * the configured one. Forwarded headers are trusted here as behind a proxy on loopback.
 */
@AppWithDemoProviderTest(
		properties = { "simplelogin.base-url=https://login.example.com", "server.forward-headers-strategy=native" })
class HostForgeryIntegrationTests {

	private static final String[] FORGED = { "Host: evil.example", "X-Forwarded-Host: evil.example",
			"X-Forwarded-Proto: http", "Accept: text/html" };

	@LocalServerPort
	private int port;

	@Test
	void redirectUriSentToTheProviderIsTheConfiguredOne() {
		RawHttp.Response response = new RawHttp(this.port).get("/oauth2/authorization/demo", FORGED);

		assertThat(response.status()).isEqualTo(302);
		URI authorization = URI.create(response.header("Location"));
		assertThat(HttpFlow.queryParameters(authorization)).containsEntry("redirect_uri",
				"https://login.example.com/login/oauth2/code/demo");
	}

	@Test
	void redirectsCarryOnlyAPath() {
		RawHttp.Response response = new RawHttp(this.port).get("/secret", FORGED);

		assertThat(response.status()).isEqualTo(302);
		assertThat(response.header("Location")).isEqualTo("/login");
	}

}
