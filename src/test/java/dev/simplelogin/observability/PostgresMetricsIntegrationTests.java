package dev.simplelogin.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.AppInstances;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters only an instance on PostgreSQL has (its listener, the notification queue),
 * scraped as Prometheus does, and every meter the Grafana dashboard in {@code deploy/}
 * draws: a renamed meter must not leave an empty panel.
 */
@ExtendWith(PostgresAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresMetricsIntegrationTests {

	// A metric name in a PromQL expression, once label matchers, ranges and grouping are
	// taken out: what is left are names and the functions around them.
	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

	private static final Set<String> PROMQL = Set.of("sum", "rate", "max", "by");

	private final AppInstances instances = new AppInstances();

	private AppInstance app;

	private String scrape;

	@BeforeAll
	void signInRefuseAndSignOut() {
		this.app = this.instances.start(Map.of("simplelogin.access.emails", "alice@example.com"), "postgres");
		HttpFlow alice = this.app.browser();
		alice.signIn("/secret", TestProviders.demo().account("alice"));
		assertThat(alice.get("/secret").statusCode()).isEqualTo(200);
		String csrf = HttpFlow.csrfToken(alice.get("/logout").body());
		assertThat(alice.post("/logout", Map.of("_csrf", csrf)).statusCode()).isEqualTo(302);
		HttpFlow bob = this.app.browser();
		assertThat(bob.signIn("/secret", TestProviders.demo().account("bob")).statusCode()).isEqualTo(403);
		this.scrape = scrape();
	}

	@AfterAll
	void stop() {
		this.instances.close();
	}

	@Test
	void listenerAndNotificationQueueAreScrapedOnPostgres() throws InterruptedException {
		// The listener proves itself by a probe each second.
		for (int i = 0; i < 50 && value("simplelogin_sessions_listener_up") != 1.0; i++) {
			Thread.sleep(100);
			this.scrape = scrape();
		}
		assertThat(value("simplelogin_sessions_listener_up")).isEqualTo(1.0);
		assertThat(value("simplelogin_postgres_notification_queue_usage")).isBetween(0.0, 1.0);
		assertThat(value("simplelogin_sessions_stored")).isGreaterThanOrEqualTo(0.0);
	}

	@Test
	void everyMeterTheDashboardDrawsIsScraped() throws IOException {
		Set<String> drawn = new TreeSet<>();
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(Files.readString(Path.of("deploy/grafana-dashboard.json")));
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				String expression = target.get("expr")
					.asString()
					.replaceAll("\\{[^}]*}", " ")
					.replaceAll("\\[[^]]*]", " ")
					.replaceAll("by \\([^)]*\\)", " ");
				Matcher names = NAME.matcher(expression);
				while (names.find()) {
					if (!PROMQL.contains(names.group())) {
						drawn.add(names.group());
					}
				}
			}
		}

		assertThat(drawn).hasSizeGreaterThan(10);
		assertThat(drawn)
			.allSatisfy((name) -> assertThat(this.scrape).as("the scrape").containsPattern("(?m)^" + name + "[{ ]"));
	}

	private String scrape() {
		return new HttpFlow(this.app.managementUrl()).get("/actuator/prometheus", "Accept", "text/plain").body();
	}

	private double value(String name) {
		Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(this.scrape);
		assertThat(line.find()).as("%s in the scrape", name).isTrue();
		return Double.parseDouble(line.group(1));
	}

}
