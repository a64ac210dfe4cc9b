package dev.simplelogin.session.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import dev.simplelogin.session.cache.SessionCache;
import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session cache is trusted only while the listener proves, by a probe sent through
 * the connection pool, that it hears every announcement, and while all the triggers that
 * make them are enabled.
 */
@ExtendWith(PostgresAvailable.class)
class SessionChangesProbeIntegrationTests {

	/**
	 * A failing probe is noticed at the latest one interval, the probe's own round trip
	 * through the pool and one timeout after the fault. The round trip and the threads'
	 * wake-ups get 500 ms: a fault just after a probe was heard took up to 2.08 s.
	 */
	private static final Duration PROBE_BOUND = PostgresSessionChanges.PROBE_INTERVAL
		.plus(PostgresSessionChanges.PROBE_TIMEOUT)
		.plusMillis(500);

	private final String schema = Postgres.newName("sl_probe");

	@AfterEach
	void dropSchema() {
		Postgres.dropSchema(this.schema);
	}

	@Test
	void disabledTriggerTurnsTheCacheOffWithinTheProbeBound() {
		try (AppInstance app = AppInstance.start(Postgres.schemaProperties(this.schema), "postgres")) {
			SessionCache cache = app.bean(SessionCache.class);
			assertThat(untilTrusted(cache, true)).isLessThan(Duration.ofSeconds(10));
			HttpFlow browser = app.browser();
			browser.signIn("/secret", TestProviders.demo().account("alice"));
			assertThat(browser.get("/secret").statusCode()).isEqualTo(200);

			Postgres.execute("test",
					"ALTER TABLE " + this.schema + ".spring_session DISABLE TRIGGER spring_session_deleted");

			assertThat(untilTrusted(cache, false)).isLessThan(PROBE_BOUND);
			// Deleted now, the session is announced to nobody: only a cache not in use
			// refuses it.
			Postgres.execute("test",
					"DELETE FROM %s.spring_session WHERE session_id = '%s'".formatted(this.schema, sessionId(browser)));
			assertThat(HttpFlow.location(browser.get("/secret")).getPath()).isEqualTo("/login");

			Postgres.execute("test",
					"ALTER TABLE " + this.schema + ".spring_session ENABLE TRIGGER spring_session_deleted");
			assertThat(untilTrusted(cache, true)).isLessThan(PROBE_BOUND.plusSeconds(1));
		}
	}

	// As a network partition or a failover that leaves the listener on a silent server:
	// its connection stays open, and nothing arrives on it.
	@Test
	void listenerThatStopsHearingTurnsTheCacheOffWithinTheProbeBound() throws Exception {
		Set<Long> others = listenerBackends();
		try (AppInstance app = AppInstance.start(Postgres.schemaProperties(this.schema), "postgres")) {
			SessionCache cache = app.bean(SessionCache.class);
			untilTrusted(cache, true);
			Set<Long> ours = listenerBackends();
			ours.removeAll(others);
			assertThat(ours).as("this instance's listening connection").hasSize(1);
			long backend = ours.iterator().next();

			signal("STOP", backend);
			try {
				assertThat(untilTrusted(cache, false)).isLessThan(PROBE_BOUND);
			}
			finally {
				signal("CONT", backend);
			}

			assertThat(untilTrusted(cache, true)).isLessThan(Duration.ofSeconds(5));
		}
	}

	// A spike that takes every pooled connection: the probe cannot get one, which says
	// nothing about the listener, so the cache stays in use for a grace period; a pool
	// that stays exhausted past it is treated as a silent store.
	@Test
	void busyPoolKeepsTheCacheForAGracePeriodOnly() throws Exception {
		Map<String, String> properties = new HashMap<>(Postgres.schemaProperties(this.schema));
		// Flyway needs two connections at start.
		properties.put("spring.datasource.hikari.maximum-pool-size", "2");
		try (AppInstance app = AppInstance.start(properties, "postgres")) {
			SessionCache cache = app.bean(SessionCache.class);
			untilTrusted(cache, true);

			DataSource pool = app.bean(DataSource.class);
			try (Connection one = pool.getConnection(); Connection two = pool.getConnection()) {
				long busySince = System.nanoTime();
				// Probes wait 1 s for a connection each, and fail: the cache stays on
				// meanwhile.
				while (System.nanoTime() - busySince < Duration.ofSeconds(3).toNanos()) {
					assertThat(cache.isTrusted()).as("in use while the pool is busy, within the grace").isTrue();
					Thread.onSpinWait();
				}
				assertThat(untilTrusted(cache, false))
					.isLessThan(PostgresSessionChanges.BUSY_POOL_GRACE.plus(Duration.ofSeconds(2)));
			}

			assertThat(untilTrusted(cache, true)).isLessThan(Duration.ofSeconds(5));
		}
	}

	// Other test classes' instances may still be listening, in other schemas.
	private static Set<Long> listenerBackends() throws Exception {
		Set<Long> pids = new HashSet<>();
		try (var connection = Postgres.connect("test");
				var statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = '"
						+ PostgresSessionChanges.APPLICATION_NAME + "'")) {
			while (rows.next()) {
				pids.add(rows.getLong(1));
			}
		}
		return pids;
	}

	private static void signal(String signal, long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
		assertThat(kill.waitFor()).as("kill -%s %d (the tests run where PostgreSQL runs)", signal, pid).isZero();
	}

	private static String sessionId(HttpFlow browser) {
		return new String(Base64.getDecoder().decode(browser.cookie("SESSION").orElseThrow()),
				StandardCharsets.US_ASCII);
	}

	// Polls until the cache is (or is not) in use; returns how long that took.
	private static Duration untilTrusted(SessionCache cache, boolean trusted) {
		long started = System.nanoTime();
		long deadline = started + Duration.ofSeconds(10).toNanos();
		while (cache.isTrusted() != trusted) {
			assertThat(System.nanoTime()).as("cache %s within 10 s", trusted ? "trusted" : "distrusted")
				.isLessThan(deadline);
			Thread.onSpinWait();
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

}
