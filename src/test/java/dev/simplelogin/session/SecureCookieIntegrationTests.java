package dev.simplelogin.session;

import java.net.http.HttpResponse;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * Behind a TLS terminator the app sees plain HTTP, so operators switch the cookie's Secure
 * flag on explicitly.
 */
@AppWithDemoProviderTest(properties = "server.servlet.session.cookie.secure=true")
class SecureCookieIntegrationTests {

	@LocalServerPort
	private int port;

	@Test
	void sessionCookieIsSecureWhenConfigured() {
		HttpResponse<String> response = new HttpFlow("http://127.0.0.1:" + this.port).get("/secret");

		assertThat(response.headers().firstValue("Set-Cookie")).get(STRING)
			.startsWith("SESSION=")
			.contains("; Secure", "; HttpOnly", "; SameSite=Lax");
	}

}
