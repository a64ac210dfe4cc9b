package dev.simplelogin.session.postgres;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.simplelogin.session.cache.SessionCache;
import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.RawHttp;
import dev.simplelogin.testsupport.TestProviders;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL, as in production: anonymous traffic, however much, writes nothing and
 * takes no connection; hostile session cookies cost at most two lookups and never a 500;
 * a whole sign-in takes at most two connections (its write, and the first page's read).
 * Connections are counted from the pool's own meter, leaving out the listener's probe
 * (one a second).
 */
@ExtendWith(PostgresAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresAnonymousTrafficIntegrationTests {

	private final String schema = Postgres.newName("sl_anon");

	private AppInstance app;

	@BeforeAll
	void start() {
		Map<String, String> properties = new HashMap<>(Postgres.schemaProperties(this.schema));
		// The cleanup job takes a connection each minute; here only requests may.
		properties.put("simplelogin.session.cleanup-cron", "-");
		this.app = AppInstance.start(properties, "postgres");
		// Its listener's first probe, at start, is done once the cache is in use.
		SessionCache cache = this.app.bean(SessionCache.class);
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
		while (!cache.isTrusted()) {
			assertThat(System.nanoTime()).as("listening within 10 s").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	@AfterAll
	void stop() {
		this.app.close();
		Postgres.dropSchema(this.schema);
	}

	@Test
	void anonymousTrafficTakesNoConnectionAndWritesNoRow() {
		long taken = connectionsTakenBy(() -> {
			for (int i = 0; i < 10; i++) {
				HttpFlow visitor = this.app.browser();
				assertThat(visitor.get("/secret").statusCode()).isEqualTo(302);
				assertThat(visitor.get("/secret", "Accept", "*/*").statusCode()).isEqualTo(401);
				assertThat(visitor.get("/").statusCode()).isEqualTo(200);
				assertThat(visitor.get("/login").statusCode()).isEqualTo(200);
				assertThat(visitor.get("/oauth2/authorization/demo").statusCode()).isEqualTo(302);
				assertThat(visitor.get("/login/oauth2/code/demo?code=x&state=forged").statusCode()).isEqualTo(302);
			}
		});

		assertThat(taken).isZero();
		assertThat(rows()).isZero();
	}

	@Test
	void hostileSessionCookiesAreNoSessionAndCostAtMostTwoLookups() {
		RawHttp raw = new RawHttp(URI.create(this.app.baseUrl()).getPort());
		String twoHundred = IntStream.range(0, 200)
			.mapToObj((i) -> "SESSION=" + Base64.getEncoder().encodeToString(("%036d".formatted(i)).getBytes()))
			.collect(Collectors.joining("; "));
		List<String> cookies = List.of("SESSION=AA==", "SESSION=%%%", "SESSION=" + "Q".repeat(10_240),
				"SESSION=" + Base64.getEncoder().encodeToString(new byte[] { 1, 2, 0x1b, 0x7f }), twoHundred);
		List<Integer> statuses = new ArrayList<>();

		long taken = connectionsTakenBy(() -> {
			for (String cookie : cookies) {
				for (String path : List.of("/", "/secret", "/login")) {
					statuses.add(raw.get(path, "Cookie: " + cookie, "Accept: text/html").status());
				}
			}
		});

		assertThat(statuses).allSatisfy((status) -> assertThat(status).isBetween(200, 499));
		// Only the 200 well-formed ones reach the store, two per request, on three pages.
		assertThat(taken).isLessThanOrEqualTo(2 * 3);
	}

	// Everything before the callback (the saved page, the sign-in in flight) stays in the
	// browser; the callback writes the session and its attributes in one transaction, and
	// links it to the provider's session (sid) for back-channel logout in one more. The
	// first page may read it once: this instance hears its own write announced.
	@Test
	void wholeSignInTakesAtMostThreeConnections() {
		List<HttpFlow> browsers = new ArrayList<>();

		long taken = connectionsTakenBy(() -> {
			HttpFlow browser = this.app.browser();
			browsers.add(browser);
			assertThat(browser.signIn("/secret", TestProviders.demo().account("alice")).statusCode()).isEqualTo(200);
		});

		assertThat(taken).isBetween(1L, 3L);
		assertThat(browsers.get(browsers.size() - 1).get("/secret").statusCode()).isEqualTo(200);
	}

	// Runs the work until a run had no probe of the listener's in it; returns what it
	// took.
	private long connectionsTakenBy(Runnable work) {
		PostgresSessionChanges listener = this.app.bean(PostgresSessionChanges.class);
		for (int attempt = 0; attempt < 10; attempt++) {
			long probes = listener.probes();
			boolean probing = listener.probing();
			long before = connectionsTaken();
			work.run();
			long taken = connectionsTaken() - before;
			if (!probing && listener.probes() == probes) {
				return taken;
			}
		}
		throw new AssertionError("no run without a probe in 10 attempts");
	}

	private long connectionsTaken() {
		return this.app.bean(MeterRegistry.class).get("hikaricp.connections.acquire").timer().count();
	}

	private int rows() {
		try (var connection = Postgres.connect("test");
				var statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT count(*) FROM " + this.schema + ".spring_session")) {
			rows.next();
			return rows.getInt(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
