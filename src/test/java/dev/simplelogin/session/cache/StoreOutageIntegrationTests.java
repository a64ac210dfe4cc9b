package dev.simplelogin.session.cache;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL goes away under a running app and comes back. The outage is made by refusing
 * new connections to the app's database and terminating the pool's open ones.
 */
@ExtendWith(PostgresAvailable.class)
class StoreOutageIntegrationTests {

	private final String database = Postgres.newName("sl_outage");

	@BeforeEach
	void createDatabase() {
		Postgres.execute("test", "CREATE DATABASE " + this.database);
	}

	@AfterEach
	void dropDatabase() {
		Postgres.execute("test", "DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
	}

	@Test
	void outageGivesFriendly503WithinTwoSecondsAndHealthDownThenRecoversWithoutRestart() throws Exception {
		try (AppInstance app = AppInstance
			.start(Map.of("spring.datasource.url", "jdbc:postgresql://" + Postgres.host() + "/" + this.database,
					"spring.datasource.username", Postgres.USER), "postgres")) {
			HttpFlow browser = app.browser();
			browser.signIn("/secret", TestProviders.demo().account("alice"));
			HttpFlow monitor = new HttpFlow(app.managementUrl());

			cutConnections();
			// Until the instance notices (its listener's probe fails), it may serve the
			// session from its cache; from then on the page needs the store.
			SessionCache cache = app.bean(SessionCache.class);
			Instant noticeBy = Instant.now().plusSeconds(5);
			while (cache.isTrusted()) {
				assertThat(Instant.now()).as("outage noticed within 5 s").isBefore(noticeBy);
				Thread.onSpinWait();
			}
			long started = System.nanoTime();
			HttpResponse<String> during = browser.get("/secret");
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(during.statusCode()).isEqualTo(503);
			assertThat(took).isLessThan(Duration.ofSeconds(2));
			assertThat(during.body()).contains("Temporarily unavailable", "simple-login").doesNotContain("Exception");
			// The same security headers as every other page, from the same writer.
			assertThat(during.headers().firstValue("Content-Security-Policy")).get()
				.asString()
				.contains("default-src 'self'", "frame-ancestors 'none'");
			assertThat(during.headers().firstValue("Permissions-Policy")).isPresent();
			assertThat(during.headers().firstValue("Cache-Control")).get().asString().contains("no-store");
			assertThat(during.headers().firstValue("Retry-After")).hasValue("5");
			HttpResponse<String> readiness = monitor.get("/actuator/health/readiness", "Accept", "application/json");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("\"DOWN\"");
			assertThat(monitor.get("/actuator/health", "Accept", "application/json").statusCode()).isEqualTo(503);
			assertThat(monitor.get("/actuator/health/liveness", "Accept", "application/json").statusCode())
				.isEqualTo(200);
			assertThat(monitor.get("/assets/css/app.css").statusCode()).isEqualTo(200);

			allowConnections();
			HttpResponse<String> after = untilNot503(browser, "/secret");
			assertThat(after.statusCode()).isEqualTo(200);
			assertThat(after.body()).contains("Alice Example");
			assertThat(monitor.get("/actuator/health", "Accept", "application/json").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void anonymousPagesWithTheStoreDownAnswerWithoutWaitingForThePool() throws Exception {
		try (AppInstance app = AppInstance
			.start(Map.of("spring.datasource.url", "jdbc:postgresql://" + Postgres.host() + "/" + this.database,
					"spring.datasource.username", Postgres.USER), "postgres")) {
			HttpFlow browser = app.browser();
			// The first rendering of a page takes a cold JVM long: that is not what is
			// timed.
			browser.get("/secret");
			browser.get("/secret", "Accept", "*/*");
			browser.get("/");
			cutConnections();

			// Before sign-in the app keeps no state, so it has no reason to ask the
			// store: each answer comes far below the pool's 1 s wait, on a machine
			// shared with other builds. A browser asks for HTML, curl for anything.
			assertThat(timed(() -> browser.get("/secret"))).isEqualTo("302 /login");
			assertThat(timed(() -> browser.get("/secret", "Accept", "*/*"))).isEqualTo("401 ");
			assertThat(timed(() -> browser.get("/"))).isEqualTo("200 ");
		}
	}

	@Test
	void signInWithTheStoreDownAnswers503AfterOneWaitForThePool() throws Exception {
		try (AppInstance app = AppInstance
			.start(Map.of("spring.datasource.url", "jdbc:postgresql://" + Postgres.host() + "/" + this.database,
					"spring.datasource.username", Postgres.USER), "postgres")) {
			HttpFlow warm = app.browser();
			warm.signIn("/secret", TestProviders.demo().account("alice"));
			HttpFlow browser = app.browser();
			URI callback = browser.authorizeAtProvider(browser.startSignIn("demo"),
					TestProviders.demo().account("alice"));
			cutConnections();

			long started = System.nanoTime();
			HttpResponse<String> landing = browser.get(callback.toString());
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			// Spring Session saves the new session as the redirect commits, and again as
			// the request ends: one wait for a connection (1 s), not two.
			assertThat(landing.statusCode()).isEqualTo(503);
			assertThat(took).isLessThan(Duration.ofSeconds(2));
			assertThat(landing.body()).contains("Temporarily unavailable").doesNotContain("Exception");
		}
	}

	private static String timed(Supplier<HttpResponse<String>> request) {
		long started = System.nanoTime();
		HttpResponse<String> response = request.get();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as(response.request().uri() + " answered in")
			.isLessThan(Duration.ofMillis(500));
		String location = response.headers().firstValue("Location").orElse("");
		return response.statusCode() + " " + location.replaceFirst("^https?://[^/]+", "");
	}

	private void cutConnections() {
		Postgres.execute("test", "ALTER DATABASE " + this.database + " ALLOW_CONNECTIONS false");
		Postgres.execute("test",
				"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + this.database + "'");
	}

	private void allowConnections() {
		Postgres.execute("test", "ALTER DATABASE " + this.database + " ALLOW_CONNECTIONS true");
	}

	private static HttpResponse<String> untilNot503(HttpFlow browser, String path) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(15);
		HttpResponse<String> response = browser.get(path);
		while (response.statusCode() == 503 && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			response = browser.get(path);
		}
		return response;
	}

}
