package dev.simplelogin.session;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
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

	/** The promise made in the README: a session ended anywhere is refused everywhere within this. */
	static final Duration BOUND = Duration.ofMillis(100);

	private final String schema = Postgres.newName("sl_cache");

	private final List<AppInstance> instances = new ArrayList<>();

	private AppInstance a;

	private AppInstance b;

	@BeforeAll
	void startTwoInstances() {
		Map<String, String> database = Postgres.schemaProperties(this.schema);
		this.a = start(database);
		this.b = start(database);
	}

	@AfterAll
	void stopThem() {
		Collections.reverse(this.instances);
		this.instances.forEach(AppInstance::close);
		Postgres.dropSchema(this.schema);
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

			delays.add(untilRefused(onB));
		}

		System.out.println("Sign-out on A refused by B after " + delays);
		assertThat(delays).allSatisfy((delay) -> assertThat(delay).isLessThan(BOUND));
	}

	@Test
	void sessionDeletedByHandIsRefusedByBothInstancesWithinTheBound() {
		HttpFlow onA = this.a.browser();
		onA.signIn("/secret", TestProviders.demo().account("bob"));
		assertThat(onA.get("/secret").statusCode()).isEqualTo(200);
		HttpFlow onB = servedByB(onA);

		deleteByHand(onA);

		assertThat(untilRefused(onA)).isLessThan(BOUND);
		assertThat(untilRefused(onB)).isLessThan(BOUND);
	}

	@Test
	void sessionDeletedWhileTheListenersAreCutOffIsStillRefused() {
		HttpFlow onA = this.a.browser();
		onA.signIn("/secret", TestProviders.demo().account("bob"));
		assertThat(onA.get("/secret").statusCode()).isEqualTo(200);

		HttpFlow onB = servedByB(onA);

		assertThat(cutListeners()).as("listening connections cut, A and B among them").isGreaterThanOrEqualTo(2);
		deleteByHand(onA);

		assertThat(untilRefused(onA)).isLessThan(BOUND);
		assertThat(untilRefused(onB)).isLessThan(BOUND);
	}

	@Test
	void truncatingTheSessionTableIsRefusedByBothInstancesWithinTheBound() {
		HttpFlow onA = this.a.browser();
		onA.signIn("/secret", TestProviders.demo().account("alice"));
		assertThat(onA.get("/secret").statusCode()).isEqualTo(200);
		HttpFlow onB = servedByB(onA);

		Postgres.execute("test", "TRUNCATE " + this.schema + ".spring_session CASCADE");

		assertThat(untilRefused(onA)).isLessThan(BOUND);
		assertThat(untilRefused(onB)).isLessThan(BOUND);
	}

	@Test
	void signedInRequestsOnEitherInstanceTakeNoDatabaseConnection() {
		HttpFlow onA = this.a.browser();
		onA.signIn("/secret", TestProviders.demo().account("alice"));
		onA.get("/secret");
		HttpFlow onB = servedByB(onA);
		long before = connectionsTaken(this.a) + connectionsTaken(this.b);

		for (int i = 0; i < 25; i++) {
			assertThat(onA.get("/secret").statusCode()).isEqualTo(200);
			assertThat(onB.get("/secret").statusCode()).isEqualTo(200);
		}

		assertThat(connectionsTaken(this.a) + connectionsTaken(this.b) - before).isZero();
	}

	// As an operator revoking one session would: the cookie carries the id, base64-encoded.
	private void deleteByHand(HttpFlow browser) {
		String id = new String(Base64.getDecoder().decode(browser.cookie("SESSION").orElseThrow()),
				StandardCharsets.US_ASCII);
		Postgres.execute("test", "DELETE FROM " + this.schema + ".spring_session WHERE session_id = '" + id + "'");
	}

	private AppInstance start(Map<String, String> database) {
		AppInstance instance = AppInstance.start(database, "postgres");
		this.instances.add(instance);
		return instance;
	}

	// B serves the session twice; the second answer came from its cache (no connection taken).
	private HttpFlow servedByB(HttpFlow onA) {
		HttpFlow onB = this.b.browser();
		onB.setCookie("SESSION", onA.cookie("SESSION").orElseThrow());
		assertThat(onB.get("/secret").statusCode()).isEqualTo(200);
		long taken = connectionsTaken(this.b);
		assertThat(onB.get("/secret").statusCode()).isEqualTo(200);
		assertThat(connectionsTaken(this.b)).isEqualTo(taken);
		return onB;
	}

	// Asks until the session is refused (sent to sign in); what it measures is how long that took.
	private static Duration untilRefused(HttpFlow browser) {
		long started = System.nanoTime();
		long deadline = started + Duration.ofSeconds(5).toNanos();
		HttpResponse<String> response = browser.get("/secret");
		while (response.statusCode() == 200) {
			assertThat(System.nanoTime()).as("refused within 5 s").isLessThan(deadline);
			response = browser.get("/secret");
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(response).getPath()).isEqualTo("/login");
		return took;
	}

	// Ends every instance's listening connection from the server side; returns how many.
	private static int cutListeners() {
		try (var connection = Postgres.connect("test"); var statement = connection.createStatement();
				var cut = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
						+ "WHERE datname = 'test' AND application_name = '" + PostgresSessionChanges.APPLICATION_NAME + "'")) {
			cut.next();
			return cut.getInt(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long connectionsTaken(AppInstance instance) {
		return instance.bean(io.micrometer.core.instrument.MeterRegistry.class)
			.get("hikaricp.connections.acquire")
			.timer()
			.count();
	}

}
