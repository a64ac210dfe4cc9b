package dev.simplelogin.session;

import java.net.URI;
import java.net.http.HttpResponse;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * Behind a TLS terminator the app sees plain HTTP, so operators switch the cookie's
 * Secure flag on explicitly.
 */
@AppWithDemoProviderTest(properties = "server.servlet.session.cookie.secure=true")
class SecureCookieIntegrationTests {

	@LocalServerPort
	private int port;

	@Test
	void sessionCookieIsSecureWhenConfigured() {
		HttpFlow browser = new HttpFlow("http://127.0.0.1:" + this.port);
		URI callback = browser.authorizeAtProvider(browser.startSignIn("demo"), TestProviders.demo().account("alice"));

		HttpResponse<String> signedIn = browser.get(callback.toString());

		assertThat(signedIn.headers().allValues("Set-Cookie")).filteredOn((cookie) -> cookie.startsWith("SESSION="))
			.singleElement(STRING)
			.contains("; Secure", "; HttpOnly", "; SameSite=Lax");
	}

}
