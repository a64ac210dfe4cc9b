package dev.simplelogin.session.store;

import java.time.Clock;

import dev.simplelogin.session.SessionsExpired;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes expired sessions in batches, each its own short transaction, so the cleanup
 * never holds long locks however many sessions expired. Spring Session's own job deletes
 * them all in one statement. On PostgreSQL a batch skips rows other transactions hold, so
 * several instances cleaning at once neither wait for nor repeat each other's work.
 */
class ExpiredSessionCleanup {

	private static final String POSTGRES_BATCH = """
			DELETE FROM SPRING_SESSION WHERE PRIMARY_ID IN (
				SELECT PRIMARY_ID FROM SPRING_SESSION WHERE EXPIRY_TIME < ?
				ORDER BY EXPIRY_TIME LIMIT ? FOR UPDATE SKIP LOCKED)
			""";

	private static final String STANDARD_BATCH = "DELETE FROM SPRING_SESSION WHERE EXPIRY_TIME < ? FETCH FIRST ? ROWS ONLY";

	private final JdbcTemplate jdbc;

	private final String batchDelete;

	private final int batchSize;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ExpiredSessionCleanup(JdbcTemplate jdbc, DatabaseDriver driver, int batchSize, Clock clock,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.batchDelete = (driver == DatabaseDriver.POSTGRESQL) ? POSTGRES_BATCH : STANDARD_BATCH;
		this.batchSize = batchSize;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Deletes every session that expired before now, a batch at a time.
	 * @return how many sessions were deleted
	 */
	@Scheduled(cron = "${simplelogin.session.cleanup-cron:0 * * * * *}")
	int deleteExpired() {
		long now = this.clock.millis();
		int total = 0;
		int deleted;
		do {
			deleted = this.jdbc.update(this.batchDelete, now, this.batchSize);
			total += deleted;
		}
		while (deleted == this.batchSize);
		if (total > 0) {
			this.events.publishEvent(new SessionsExpired(total));
		}
		return total;
	}

}
