package dev.simplelogin.session;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.simplelogin.SimpleLoginApplication;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code postgres} profile's session cookie as production gets it: {@code __Host-}
 * prefixed and {@code Secure}, with the rest of its attributes.
 */
@ExtendWith(PostgresAvailable.class)
class PostgresCookieIntegrationTests {

	@Test
	void productionSessionCookieIsHostPrefixedAndSecure() {
		String schema = Postgres.newName("sl_cookie");
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
		TestProviders.demo().clientProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		Postgres.schemaProperties(schema).forEach((name, value) -> args.add("--" + name + "=" + value));
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SimpleLoginApplication.class)
			.profiles("postgres")
			.run(args.toArray(String[]::new))) {
			HttpFlow browser = new HttpFlow(
					"http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
			URI callback = browser.authorizeAtProvider(browser.startSignIn("demo"),
					TestProviders.demo().account("alice"));

			HttpResponse<String> signedIn = browser.get(callback.toString());

			assertThat(signedIn.headers().allValues("Set-Cookie")).filteredOn((cookie) -> cookie.contains("SESSION="))
				.singleElement()
				.satisfies((cookie) -> assertThat(cookie).startsWith("__Host-SESSION=")
					.contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax")
					.doesNotContainIgnoringCase("Domain="));
		}
		finally {
			Postgres.dropSchema(schema);
		}
	}

}
