package dev.simplelogin.session.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import dev.simplelogin.session.SessionEvent;

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

	// Each batch returns what it deleted, so that every expired session gets its audit
	// event without a read of its own.
	private static final String POSTGRES_BATCH = """
			DELETE FROM SPRING_SESSION WHERE PRIMARY_ID IN (
				SELECT PRIMARY_ID FROM SPRING_SESSION WHERE EXPIRY_TIME < ?
				ORDER BY EXPIRY_TIME LIMIT ? FOR UPDATE SKIP LOCKED)
			RETURNING SESSION_ID, PRINCIPAL_NAME
			""";

	private static final String H2_BATCH = """
			SELECT SESSION_ID, PRINCIPAL_NAME FROM OLD TABLE (
				DELETE FROM SPRING_SESSION WHERE EXPIRY_TIME < ? FETCH FIRST ? ROWS ONLY)
			""";

	private final JdbcTemplate jdbc;

	private final String batchDelete;

	private final int batchSize;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ExpiredSessionCleanup(JdbcTemplate jdbc, DatabaseDriver driver, int batchSize, Clock clock,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.batchDelete = (driver == DatabaseDriver.POSTGRESQL) ? POSTGRES_BATCH : H2_BATCH;
		this.batchSize = batchSize;
		this.clock = clock;
		this.events = events;
	}

	private static SessionEvent expired(ResultSet row, int rowNumber) throws SQLException {
		return SessionEvent.expired(row.getString("SESSION_ID"), row.getString("PRINCIPAL_NAME"));
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
			List<SessionEvent> ended = this.jdbc.query(this.batchDelete, ExpiredSessionCleanup::expired, now,
					this.batchSize);
			ended.forEach(this.events::publishEvent);
			deleted = ended.size();
			total += deleted;
		}
		while (deleted == this.batchSize);
		return total;
	}

}
