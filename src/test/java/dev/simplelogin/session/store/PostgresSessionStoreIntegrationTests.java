package dev.simplelogin.session.store;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.PostgresTest;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions in PostgreSQL: stored as jsonb an operator can query, and written with upserts
 * so that concurrent requests of one session never collide.
 */
// The scheduled cleanup is off: the test runs it itself.
@PostgresTest(properties = "simplelogin.session.cleanup-cron=-")
@ExtendWith(OutputCaptureExtension.class)
class PostgresSessionStoreIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ExpiredSessionCleanup cleanup;

	private HttpFlow browser;

	@BeforeEach
	void newBrowser() {
		this.browser = new HttpFlow("http://127.0.0.1:" + this.port);
	}

	@AfterEach
	void deleteSessions() {
		this.jdbc.update("DELETE FROM spring_session");
	}

	@Test
	void signedInSessionIsQueryableJsonb() {
		this.browser.signIn("/secret", TestProviders.demo().account("alice"));

		String email = this.jdbc.queryForObject("""
				SELECT a.attribute_bytes -> 'authentication' -> 'principal' -> 'idToken' -> 'claims' ->> 'email'
				FROM spring_session s JOIN spring_session_attributes a ON a.session_primary_id = s.primary_id
				WHERE s.principal_name LIKE '% alice' AND a.attribute_name = 'SPRING_SECURITY_CONTEXT'
				""", String.class);
		assertThat(email).isEqualTo("alice@example.com");
	}

	@Test
	void signInStoresTheCsrfTokenSoTheFirstPageWritesNoNewOne() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"),
				TestProviders.demo().account("alice"));
		assertThat(this.browser.get(callback.toString()).statusCode()).isEqualTo(302);
		List<String> stored = csrfTokenRows();

		assertThat(this.browser.get("/secret").statusCode()).isEqualTo(200);

		assertThat(stored).hasSize(1);
		assertThat(csrfTokenRows()).isEqualTo(stored);
	}

	@Test
	void sessionWrittenByAnIncompatibleVersionCountsAsNoSessionAndStays(CapturedOutput output) {
		this.browser.signIn("/secret", TestProviders.demo().account("alice"));
		this.jdbc.update("""
				UPDATE spring_session_attributes SET attribute_bytes = '{"@class": "com.example.RemovedClass"}'::jsonb
				WHERE attribute_name = 'SPRING_SECURITY_CONTEXT'
				""");
		String cookie = this.browser.cookie("SESSION").orElseThrow();

		for (int i = 0; i < 3; i++) {
			HttpFlow again = new HttpFlow(this.browser.baseUrl());
			again.setCookie("SESSION", cookie);
			HttpResponse<String> response = again.get("/secret");
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(HttpFlow.location(response).getPath()).isEqualTo("/login");
			assertThat(again.get("/").statusCode()).isEqualTo(200);
		}

		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM spring_session WHERE principal_name LIKE '% alice'",
				Integer.class))
			.isOne();
		assertThat(output.toString().split("could not be decoded", -1)).as("logged once for the row").hasSize(2);
	}

	@Test
	void expiredSessionsAreDeletedInBatchesAndLiveOnesStay() {
		this.jdbc.update("""
				INSERT INTO spring_session (primary_id, session_id, creation_time, last_access_time,
					max_inactive_interval, expiry_time)
				SELECT gen_random_uuid()::text, gen_random_uuid()::text, 0, 0, 1800, e
				FROM (SELECT 1 AS e FROM generate_series(1, 2500)
					UNION ALL SELECT 9999999999999 FROM generate_series(1, 10)) AS expiries
				""");

		assertThat(this.cleanup.deleteExpired()).isEqualTo(2500);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM spring_session", Integer.class)).isEqualTo(10);
	}

	// Nothing of an anonymous request is stored: the page to return to travels in a
	// cookie.
	@Test
	void nulByteInParametersNeverReachesTheSessionStore() {
		HttpResponse<String> value = this.browser.get("/secret?q=%00");
		HttpResponse<String> name = new HttpFlow(this.browser.baseUrl()).get("/secret?%00=x");

		assertThat(value.statusCode()).isLessThan(500);
		assertThat(name.statusCode()).isLessThan(500);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM spring_session", Integer.class)).isZero();
		assertThat(new HttpFlow(this.browser.baseUrl()).signIn("/secret", TestProviders.demo().account("alice"))
			.statusCode()).isEqualTo(200);
	}

	// Concurrent inserts of one attribute row: the upsert settles them.
	@Test
	void parallelRequestsOfOneSessionWritingTheSameAttributeNeverFail() throws Exception {
		this.browser.signIn("/secret", TestProviders.demo().account("alice"));
		this.jdbc.update("DELETE FROM spring_session_attributes WHERE attribute_name LIKE '%CSRF_TOKEN'");

		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Integer> statuses;
		try {
			List<Future<Integer>> responses = IntStream.range(0, 64)
				.mapToObj((i) -> pool.submit(() -> this.browser.get("/secret?attempt=" + i).statusCode()))
				.toList();
			statuses = responses.stream().map(PostgresSessionStoreIntegrationTests::join).toList();
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(statuses).containsOnly(200);
		assertThat(csrfTokenRows()).hasSize(1);
	}

	private List<String> csrfTokenRows() {
		return this.jdbc.queryForList("""
				SELECT a.attribute_bytes::text
				FROM spring_session s JOIN spring_session_attributes a ON a.session_primary_id = s.primary_id
				WHERE s.principal_name LIKE '% alice' AND a.attribute_name LIKE '%CSRF_TOKEN'
				""", String.class);
	}

	private static int join(Future<Integer> response) {
		try {
			return response.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
