package dev.simplelogin.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HttpFlow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider whose discovery document cannot be read at start: the app starts anyway,
 * shows that provider as unavailable, keeps the others, and offers it once discovery
 * answers again.
 */
class ProviderDiscoveryIntegrationTests {

	private static final String SIGN_IN_LINK = "href=\"/oauth2/authorization/hostile\"";

	@Test
	void providerDownAtStartIsOfferedOnceItsDiscoveryAnswers() {
		try (HostileProvider provider = new HostileProvider()) {
			provider.discoveryDown(true);
			Map<String, String> properties = new HashMap<>(provider.clientProperties());
			properties.put("management.server.port", "0");
			properties.put("management.endpoint.health.show-details", "always");
			try (AppInstance app = AppInstance.start(properties)) {
				HttpFlow browser = app.browser();
				String signInPage = browser.get("/login").body();
				assertThat(signInPage).contains("Hostile cannot be reached right now")
					.doesNotContain(SIGN_IN_LINK)
					.contains("href=\"/oauth2/authorization/demo\"");

				HttpResponse<String> started = browser.get("/oauth2/authorization/hostile");
				assertThat(started.statusCode()).isEqualTo(302);
				assertThat(HttpFlow.location(started)).hasPath("/login").hasQuery("error=unreachable");
				assertThat(browser.follow(started).body()).contains("could not be reached");

				HttpFlow monitor = new HttpFlow(app.managementUrl());
				assertThat(monitor.get("/actuator/health", "Accept", "application/json").body())
					.contains("\"hostile\":\"unavailable since");
				assertThat(monitor.get("/actuator/health/readiness", "Accept", "application/json").statusCode())
					.isEqualTo(200);

				provider.discoveryDown(false);

				assertThat(untilOffered(browser)).isLessThan(Duration.ofSeconds(10));
				HttpResponse<String> landed = browser
					.follow(browser.get(browser.callbackFrom("hostile", "ada").toString()));
				assertThat(landed.statusCode()).isEqualTo(200);
				assertThat(browser.get("/secret").body()).contains("User ada");
				assertThat(monitor.get("/actuator/health", "Accept", "application/json").body())
					.contains("\"hostile\":\"available\"");
			}
		}
	}

	// Asks for the sign-in page until it links to the provider; returns how long that
	// took.
	private static Duration untilOffered(HttpFlow browser) {
		long started = System.nanoTime();
		long deadline = started + Duration.ofSeconds(30).toNanos();
		while (!browser.get("/login").body().contains(SIGN_IN_LINK)) {
			assertThat(System.nanoTime()).as("offered within 30 s").isLessThan(deadline);
			sleep();
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
