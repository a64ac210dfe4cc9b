package dev.simplelogin.session.store;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the store holds, as gauges: the stored sessions and, on PostgreSQL, how full the
 * notification queue is ({@code pg_notification_queue_usage()}, 0 to 1: at 1, every
 * session change fails). Each is a query, so a scrape reuses a value younger than
 * {@link #REFRESH}: however often Prometheus asks, the database sees at most two small
 * queries every 30 s per instance.
 */
final class StoreMeters implements MeterBinder {

	static final Duration REFRESH = Duration.ofSeconds(30);

	private final Sampled storedSessions;

	private final Sampled notificationQueueUsage;

	private final boolean postgres;

	StoreMeters(JdbcTemplate jdbc, boolean postgres, Clock clock) {
		this.postgres = postgres;
		this.storedSessions = new Sampled(
				() -> jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Long.class).doubleValue(), clock);
		this.notificationQueueUsage = new Sampled(
				() -> jdbc.queryForObject("SELECT pg_notification_queue_usage()", Double.class), clock);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("simplelogin.sessions.stored", this.storedSessions, Sampled::value)
			.description("Sessions in the store, live or not yet cleaned up (refreshed at most every 30 s)")
			.register(registry);
		if (this.postgres) {
			Gauge.builder("simplelogin.postgres.notification.queue.usage", this.notificationQueueUsage, Sampled::value)
				.description("Fraction of PostgreSQL's notification queue in use (refreshed at most every 30 s)")
				.register(registry);
		}
	}

	// The last value read, read again only when it is older than REFRESH; NaN (no sample)
	// while the database cannot answer.
	static final class Sampled {

		private final Supplier<Double> query;

		private final Clock clock;

		private double value = Double.NaN;

		private long readAt = Long.MIN_VALUE;

		Sampled(Supplier<Double> query, Clock clock) {
			this.query = query;
			this.clock = clock;
		}

		synchronized double value() {
			long now = this.clock.millis();
			if (this.readAt == Long.MIN_VALUE || now - this.readAt >= REFRESH.toMillis()) {
				this.readAt = now;
				try {
					this.value = this.query.get();
				}
				catch (DataAccessException ex) {
					this.value = Double.NaN;
				}
			}
			return this.value;
		}

	}

}
