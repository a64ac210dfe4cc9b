package dev.simplelogin.session;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session cache and the throttled last-access write on the default embedded store:
 * signed-in requests neither wait for a database connection nor write, and the first
 * requests of a fresh session, all at once, each get their page.
 */
@AppWithDemoProviderTest
class SessionCacheIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private JdbcTemplate jdbc;

	@AfterEach
	void deleteSessions() {
		this.jdbc.update("DELETE FROM SPRING_SESSION");
	}

	@Test
	void signedInRequestsTakeNoDatabaseConnection() {
		HttpFlow browser = browser();
		browser.signIn("/secret", TestProviders.demo().account("alice"));
		browser.get("/secret");
		long before = connectionsTaken();

		for (int i = 0; i < 50; i++) {
			assertThat(browser.get("/secret").statusCode()).isEqualTo(200);
		}

		assertThat(connectionsTaken() - before).isZero();
	}

	@Test
	void lastAccessIsNotRewrittenWithinTheInterval() {
		HttpFlow browser = browser();
		browser.signIn("/secret", TestProviders.demo().account("alice"));
		long stored = lastAccess();

		for (int i = 0; i < 20; i++) {
			browser.get("/secret");
		}

		assertThat(lastAccess()).isEqualTo(stored);
	}

	@Test
	void firstRequestsOfAFreshSessionAllAtOnceEachGetTheirPage() {
		HttpFlow browser = browser();
		assertThat(browser.get("/secret").statusCode()).isEqualTo(302);
		URI callback = browser.authorizeAtProvider(browser.startSignIn("demo"), TestProviders.demo().account("bob"));
		assertThat(browser.get(callback.toString()).statusCode()).isEqualTo(302);

		// Each of them finds no CSRF token yet and stores one.
		List<CompletableFuture<HttpResponse<String>>> pages = IntStream.range(0, 16)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> browser.get("/secret")))
			.toList();

		assertThat(pages).allSatisfy((page) -> assertThat(page.join().statusCode()).isEqualTo(200));
	}

	private HttpFlow browser() {
		return new HttpFlow("http://127.0.0.1:" + this.port);
	}

	private long connectionsTaken() {
		return this.meters.get("hikaricp.connections.acquire").timer().count();
	}

	private long lastAccess() {
		return this.jdbc.queryForObject("SELECT LAST_ACCESS_TIME FROM SPRING_SESSION", Long.class);
	}

}
