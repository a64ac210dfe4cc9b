package dev.simplelogin.session.cache;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session cache and the throttled last-access write on the default embedded store:
 * signed-in requests neither wait for a database connection nor write, not even the first
 * page after sign-in, and requests of one session that add the same attribute at once
 * each get their answer.
 */
// The cleanup job takes a connection at every full minute; here only requests may.
@AppWithDemoProviderTest(properties = "simplelogin.session.cleanup-cron=-")
class SessionCacheIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private SessionRepository<?> sessions;

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
	void firstPageAfterSignInTakesNoDatabaseConnection() {
		HttpFlow browser = browser();
		URI callback = browser.authorizeAtProvider(browser.startSignIn("demo"), TestProviders.demo().account("alice"));
		assertThat(browser.get(callback.toString()).statusCode()).isEqualTo(302);
		long before = connectionsTaken();

		HttpResponse<String> page = browser.get("/secret");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(HttpFlow.csrfToken(page.body())).isNotBlank();
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
	void requestsThatAllAddTheSameAttributeAtOnceEachGetTheirAnswer() {
		HttpFlow browser = browser();
		browser.signIn("/secret", TestProviders.demo().account("alice"));
		forgetCsrfToken(browser);

		// Each of them finds no CSRF token for the sign-out form yet and stores one.
		List<CompletableFuture<HttpResponse<String>>> pages = IntStream.range(0, 16)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> browser.get("/secret")))
			.toList();

		assertThat(pages).allSatisfy((page) -> assertThat(page.join().statusCode()).isEqualTo(200));
	}

	@SuppressWarnings("unchecked")
	private void forgetCsrfToken(HttpFlow browser) {
		String id = new String(Base64.getDecoder().decode(browser.cookie("SESSION").orElseThrow()),
				StandardCharsets.US_ASCII);
		SessionRepository<Session> repository = (SessionRepository<Session>) this.sessions;
		Session session = repository.findById(id);
		session.getAttributeNames()
			.stream()
			.filter((name) -> name.endsWith("CSRF_TOKEN"))
			.toList()
			.forEach(session::removeAttribute);
		repository.save(session);
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
