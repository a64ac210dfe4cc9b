package dev.simplelogin.observability;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HttpFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters, as Prometheus scrapes them over HTTP from the management port, after
 * scripted sign-ins and sign-outs.
 */
@AppWithDemoProviderTest(properties = "management.server.port=0")
class MetricsIntegrationTests {

	private static final HostileProvider provider = new HostileProvider();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void registerProvider(DynamicPropertyRegistry registry) {
		provider.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@AfterEach
	void forgetSessions() {
		this.jdbc.update("DELETE FROM SPRING_SESSION");
	}

	@Test
	void prometheusIsServedOnTheManagementPortAndNotOnThePublicOne() {
		HttpResponse<String> management = new HttpFlow(managementUrl()).get("/actuator/prometheus", "Accept",
				"text/plain");
		HttpResponse<String> anonymous = browser().get("/actuator/prometheus");
		HttpFlow signedIn = signIn("ada");

		assertThat(management.statusCode()).isEqualTo(200);
		assertThat(management.body()).contains("# TYPE jvm_memory_used_bytes gauge");
		assertThat(anonymous.statusCode()).isEqualTo(404);
		assertThat(signedIn.get("/actuator/prometheus").statusCode()).isEqualTo(404);
	}

	@Test
	void signInsFailuresAndSignOutsAreCountedByProviderOutcomeAndKind() {
		double signedIn = sample("simplelogin_sign_ins_total", "outcome=\"success\",provider=\"hostile\"");
		double expired = sample("simplelogin_sign_ins_total", "outcome=\"expired\",provider=\"hostile\"");
		double unknown = sample("simplelogin_sign_ins_total", "outcome=\"expired\",provider=\"unknown\"");
		double signedOut = sample("simplelogin_sign_outs_total", "kind=\"user\"");

		HttpFlow ada = signIn("ada");
		signIn("grace");
		browser().get("/login/oauth2/code/hostile?code=c&state=s");
		browser().get("/login/oauth2/code/someone-elses?code=c&state=s");
		HttpResponse<String> home = ada.get("/");
		ada.post("/logout", Map.of("_csrf", HttpFlow.csrfToken(home.body())));

		assertThat(sample("simplelogin_sign_ins_total", "outcome=\"success\",provider=\"hostile\""))
			.isEqualTo(signedIn + 2);
		assertThat(sample("simplelogin_sign_ins_total", "outcome=\"expired\",provider=\"hostile\""))
			.isEqualTo(expired + 1);
		assertThat(sample("simplelogin_sign_ins_total", "outcome=\"expired\",provider=\"unknown\""))
			.isEqualTo(unknown + 1);
		assertThat(sample("simplelogin_sign_outs_total", "kind=\"user\"")).isEqualTo(signedOut + 1);
	}

	@Test
	void providerCallsSessionCacheAndStoreHaveMeters() {
		signIn("ada").get("/secret");

		String scrape = scrape();
		assertThat(scrape).contains("simplelogin_provider_calls_seconds_count{call=\"token\"",
				"simplelogin_provider_calls_seconds_count{call=\"jwks\"", "cache_gets_total{cache=\"sessions\"",
				"simplelogin_sessions_cache_invalidations_total", "simplelogin_sessions_cache_trusted 1.0",
				"simplelogin_sessions_stored ", "simplelogin_sessions_undecodable_total",
				"http_server_requests_seconds_count");
		assertThat(sample("cache_gets_total", "cache=\"sessions\",result=\"hit\"")).isPositive();
	}

	@Test
	void seriesDoNotGrowWithThePeopleWhoSignIn() {
		for (int i = 0; i < 3; i++) {
			signIn("warm-up-" + i).get("/secret");
		}
		long series = seriesCount();
		assertThat(series).isGreaterThan(10);

		for (int i = 0; i < 20; i++) {
			HttpFlow person = signIn("person-" + i);
			person.get("/secret");
			person.get("/sessions");
		}

		assertThat(seriesCount()).isEqualTo(series);
		assertThat(scrape()).doesNotContain("person-");
	}

	private HttpFlow signIn(String subject) {
		HttpFlow browser = browser();
		browser.follow(browser.get(browser.callbackFrom("hostile", subject).toString()));
		assertThat(browser.get("/secret").statusCode()).as("signed in").isEqualTo(200);
		return browser;
	}

	// The JVM's and the HTTP server's own series (threads, buffers, request timers by
	// status) may come and go with load; the app's meters and the caches may not.
	private long seriesCount() {
		return scrape().lines()
			.filter((line) -> line.startsWith("simplelogin_") || line.startsWith("cache_")
					|| line.startsWith("spring_security_"))
			.count();
	}

	private double sample(String name, String labels) {
		Matcher sample = Pattern.compile("(?m)^" + name + "\\{" + Pattern.quote(labels) + "[^}]*\\} (\\S+)$")
			.matcher(scrape());
		return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
	}

	private String scrape() {
		return new HttpFlow(managementUrl()).get("/actuator/prometheus", "Accept", "text/plain").body();
	}

	private HttpFlow browser() {
		return new HttpFlow("http://127.0.0.1:" + this.port);
	}

	private String managementUrl() {
		return "http://127.0.0.1:" + this.managementPort;
	}

}
