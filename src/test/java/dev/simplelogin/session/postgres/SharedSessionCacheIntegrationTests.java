package dev.simplelogin.session.postgres;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.AppInstances;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.Refusal;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL, each with its session cache: a session that ends on
 * one instance, or is deleted by hand in the database, is refused by the other within
 * {@link #BOUND}, and a signed-in request on either takes no database connection.
 */
@ExtendWith(PostgresAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedSessionCacheIntegrationTests {

	/**
	 * The promise made in the README: a session ended anywhere is refused everywhere
	 * within this.
	 */
	static final Duration BOUND = Duration.ofMillis(100);

	private final AppInstances instances = new AppInstances();

	private AppInstance a;

	private AppInstance b;

	@BeforeAll
	void startTwoInstances() {
		// The cleanup job takes a connection each minute; here only requests may.
		Map<String, String> noCleanup = Map.of("simplelogin.session.cleanup-cron", "-");
		this.a = this.instances.start(noCleanup, "postgres");
		this.b = this.instances.start(noCleanup, "postgres");
	}

	@AfterAll
	void stopThem() {
		this.instances.close();
	}

	@Test
	void signOutOnOneInstanceIsRefusedByTheOtherWithinTheBound() {
		List<Duration> delays = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			HttpFlow onA = this.a.browser();
			onA.signIn("/secret", TestProviders.demo().account("alice"));
			HttpFlow onB = servedByB(onA);

			String csrf = HttpFlow.csrfToken(onA.get("/logout").body());
			assertThat(onA.post("/logout", Map.of("_csrf", csrf)).statusCode()).isEqualTo(302);

			delays.add(Refusal.of(onB));
		}

		System.out.println("Sign-out on A refused by B after " + delays);
		assertThat(delays).allSatisfy((delay) -> assertThat(delay).isLessThan(BOUND));
	}

	@Test
	void sessionDeletedByHandIsRefusedByBothInstancesWithinTheBound() {
		HttpFlow[] both = signedInOnBoth("bob");

		sql("DELETE FROM %s.spring_session WHERE session_id = '%s'", both[0]);

		assertRefusedWithinTheBound(both);
	}

	@Test
	void sessionDeletedWhileTheListenersAreCutOffIsStillRefused() {
		HttpFlow[] both = signedInOnBoth("bob");

		assertThat(cutListeners()).as("listening connections cut, A and B among them").isGreaterThanOrEqualTo(2);
		sql("DELETE FROM %s.spring_session WHERE session_id = '%s'", both[0]);

		assertRefusedWithinTheBound(both);
	}

	@Test
	void truncatingTheSessionTableIsRefusedByBothInstancesWithinTheBound() {
		HttpFlow[] both = signedInOnBoth("alice");

		this.instances.execute("TRUNCATE %s.spring_session CASCADE");

		assertRefusedWithinTheBound(both);
	}

	@Test
	void lastAccessMovedBackByHandIsRefusedByBothInstancesWithinTheBound() {
		HttpFlow[] both = signedInOnBoth("alice");

		sql("UPDATE %s.spring_session SET last_access_time = 0, expiry_time = 0 WHERE session_id = '%s'", both[0]);

		assertRefusedWithinTheBound(both);
	}

	// From a connection whose search_path does not name the app's schema, as an
	// operator's.
	@Test
	void securityContextDeletedByHandIsRefusedByBothInstancesWithinTheBound() {
		HttpFlow[] both = signedInOnBoth("bob");

		sql("DELETE FROM %1$s.spring_session_attributes WHERE attribute_name = 'SPRING_SECURITY_CONTEXT' "
				+ "AND session_primary_id = (SELECT primary_id FROM %1$s.spring_session WHERE session_id = '%2$s')",
				both[0]);

		assertRefusedWithinTheBound(both);
	}

	@Test
	void signedInRequestsOnEitherInstanceTakeNoDatabaseConnection() {
		HttpFlow onA = this.a.browser();
		onA.signIn("/secret", TestProviders.demo().account("alice"));
		servedFromCache(this.a, onA);
		HttpFlow onB = servedByB(onA);

		// Each listener's probe takes a connection every second, and a request that
		// finds its instance's listener a moment behind reads the store: some window of
		// 50 requests takes none.
		long taken;
		int attempts = 0;
		do {
			long before = connectionsTaken(this.a) + connectionsTaken(this.b);
			for (int i = 0; i < 25; i++) {
				assertThat(onA.get("/secret").statusCode()).isEqualTo(200);
				assertThat(onB.get("/secret").statusCode()).isEqualTo(200);
			}
			taken = connectionsTaken(this.a) + connectionsTaken(this.b) - before;
		}
		while (taken > 0 && ++attempts < 10);

		assertThat(taken).isZero();
	}

	// Signed in on A, and served from the cache of both instances.
	private HttpFlow[] signedInOnBoth(String user) {
		HttpFlow onA = this.a.browser();
		onA.signIn("/secret", TestProviders.demo().account(user));
		return new HttpFlow[] { servedFromCache(this.a, onA), servedByB(onA) };
	}

	private static void assertRefusedWithinTheBound(HttpFlow... browsers) {
		for (HttpFlow browser : browsers) {
			assertThat(Refusal.of(browser)).isLessThan(BOUND);
		}
	}

	// As an operator changing one session by hand would: the cookie carries its id,
	// base64-encoded.
	private void sql(String statement, HttpFlow browser) {
		String id = new String(Base64.getDecoder().decode(browser.cookie("SESSION").orElseThrow()),
				StandardCharsets.US_ASCII);
		Postgres.execute("test", statement.formatted(this.instances.schema(), id));
	}

	// B serves the session until an answer comes from its cache (no connection taken).
	// That may take a while: after a test that cut the listeners, a cache is unused until
	// its instance listens again, and a fill that raced an announcement of the sign-in's
	// own writes is rightly dropped.
	private HttpFlow servedByB(HttpFlow onA) {
		HttpFlow onB = this.b.browser();
		onB.setCookie("SESSION", onA.cookie("SESSION").orElseThrow());
		return servedFromCache(this.b, onB);
	}

	private static HttpFlow servedFromCache(AppInstance instance, HttpFlow browser) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			long taken = connectionsTaken(instance) - probes(instance);
			assertThat(browser.get("/secret").statusCode()).isEqualTo(200);
			if (connectionsTaken(instance) - probes(instance) == taken) {
				return browser;
			}
		}
		throw new AssertionError("the session was not served from the cache within 5 s");
	}

	// Asks until the session is refused (sent to sign in); what it measures is how long
	// that took.

	// Ends every instance's listening connection from the server side; returns how many.
	private static int cutListeners() {
		try (var connection = Postgres.connect("test");
				var statement = connection.createStatement();
				var cut = statement
					.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
							+ "WHERE datname = 'test' AND application_name = '"
							+ PostgresSessionChanges.APPLICATION_NAME + "'")) {
			cut.next();
			return cut.getInt(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long probes(AppInstance instance) {
		return instance.bean(PostgresSessionChanges.class).probes();
	}

	private static long connectionsTaken(AppInstance instance) {
		return instance.bean(io.micrometer.core.instrument.MeterRegistry.class)
			.get("hikaricp.connections.acquire")
			.timer()
			.count();
	}

}
