package dev.simplelogin.session.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored-sessions gauge is a query, so Prometheus scraping every few seconds must not
 * become a query every few seconds: a value is reused for 30 s.
 */
class StoreMetersTests {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-08T01:00:00Z"));

	private final CountingJdbc jdbc = new CountingJdbc();

	// Held here: a gauge holds what it reads only weakly.
	private StoreMeters meters;

	private Gauge storedSessions;

	@BeforeEach
	void bind() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.meters = new StoreMeters(this.jdbc, false, this.clock);
		this.meters.bindTo(registry);
		this.storedSessions = registry.get("simplelogin.sessions.stored").gauge();
	}

	@Test
	void twoScrapesWithinThirtySecondsRunOneQuery() {
		this.jdbc.sessions = 7;
		double first = this.storedSessions.value();
		this.clock.advance(StoreMeters.REFRESH.minusMillis(1));
		this.jdbc.sessions = 9;

		double second = this.storedSessions.value();

		assertThat(this.jdbc.queries).containsExactly("SELECT COUNT(*) FROM SPRING_SESSION");
		assertThat(first).isEqualTo(7);
		assertThat(second).isEqualTo(7);
	}

	@Test
	void scrapeThirtySecondsAfterTheQueryRunsItAgain() {
		this.jdbc.sessions = 7;
		this.storedSessions.value();
		this.clock.advance(StoreMeters.REFRESH);
		this.jdbc.sessions = 9;

		double later = this.storedSessions.value();

		assertThat(this.jdbc.queries).hasSize(2);
		assertThat(later).isEqualTo(9);
	}

	@Test
	void failedQueryIsNoSampleAndIsNotRetriedWithinThirtySeconds() {
		this.jdbc.down = true;
		double whileDown = this.storedSessions.value();
		this.jdbc.down = false;
		this.jdbc.sessions = 3;
		this.clock.advance(StoreMeters.REFRESH.minusMillis(1));
		double stillWithin = this.storedSessions.value();
		this.clock.advance(Duration.ofMillis(1));

		double afterwards = this.storedSessions.value();

		assertThat(whileDown).isNaN();
		assertThat(stillWithin).isNaN();
		assertThat(afterwards).isEqualTo(3);
		assertThat(this.jdbc.queries).hasSize(2);
	}

	@Test
	void notificationQueueGaugeExistsOnPostgresOnly() {
		SimpleMeterRegistry h2 = new SimpleMeterRegistry();
		SimpleMeterRegistry postgres = new SimpleMeterRegistry();

		new StoreMeters(this.jdbc, false, this.clock).bindTo(h2);
		new StoreMeters(this.jdbc, true, this.clock).bindTo(postgres);

		assertThat(h2.find("simplelogin.postgres.notification.queue.usage").gauge()).isNull();
		assertThat(postgres.find("simplelogin.postgres.notification.queue.usage").gauge()).isNotNull();
	}

	// Only the one query the gauge makes; nothing here reaches a database.
	private static final class CountingJdbc extends JdbcTemplate {

		private final List<String> queries = new ArrayList<>();

		private long sessions;

		private boolean down;

		@Override
		public <T> T queryForObject(String sql, Class<T> requiredType) {
			this.queries.add(sql);
			if (this.down) {
				throw new DataAccessResourceFailureException("database down");
			}
			return requiredType.cast(this.sessions);
		}

	}

	private static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
