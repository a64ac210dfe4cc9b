package dev.simplelogin.session.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.simplelogin.session.SessionEvent;
import dev.simplelogin.session.SessionKey;
import dev.simplelogin.session.SignInRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batched cleanup against an H2 database with the app's schema.
 */
class ExpiredSessionCleanupTests {

	private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

	private final DataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	private final List<Object> expired = new ArrayList<>();

	@BeforeEach
	void createSchema() throws Exception {
		try (var connection = this.dataSource.getConnection()) {
			ScriptUtils.executeSqlScript(connection,
					new ClassPathResource("db/migration/common/V1__spring_session.sql"));
			ScriptUtils.executeSqlScript(connection,
					new ClassPathResource("db/migration/h2/V2__spring_session_attributes.sql"));
		}
	}

	@AfterEach
	void dropDatabase() {
		this.jdbc.execute("SHUTDOWN");
	}

	@Test
	void deletesEveryExpiredSessionInBoundedBatchesAndKeepsLiveOnes() {
		insertSessions(2_500, NOW.minusSeconds(60));
		insertSessions(10, NOW.plusSeconds(600));
		ExpiredSessionCleanup cleanup = new ExpiredSessionCleanup(this.jdbc, DatabaseDriver.H2, 1_000,
				Clock.fixed(NOW, ZoneOffset.UTC), this.expired::add);

		int deleted = cleanup.deleteExpired();

		assertThat(deleted).isEqualTo(2_500);
		assertThat(this.expired).hasSize(2_500)
			.allSatisfy((event) -> assertThat(event).isInstanceOfSatisfying(SessionEvent.class,
					(ended) -> assertThat(ended.reason()).isEqualTo("expiry")));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class)).isEqualTo(10);
	}

	@Test
	void eachStatementDeletesAtMostOneBatch() {
		insertSessions(2_500, NOW.minusSeconds(60));
		List<Integer> batches = new ArrayList<>();
		JdbcTemplate counting = new JdbcTemplate(this.dataSource) {
			@Override
			public <T> List<T> query(String sql, RowMapper<T> rows, Object... args) {
				List<T> deleted = super.query(sql, rows, args);
				batches.add(deleted.size());
				return deleted;
			}
		};

		new ExpiredSessionCleanup(counting, DatabaseDriver.H2, 1_000, Clock.fixed(NOW, ZoneOffset.UTC),
				this.expired::add)
			.deleteExpired();

		assertThat(batches).containsExactly(1_000, 1_000, 500);
	}

	@Test
	void eachExpiredSessionIsReportedByItsPersonAndHashedId() {
		String id = UUID.randomUUID().toString();
		this.jdbc.update(
				"INSERT INTO SPRING_SESSION (PRIMARY_ID, SESSION_ID, CREATION_TIME, LAST_ACCESS_TIME, "
						+ "MAX_INACTIVE_INTERVAL, EXPIRY_TIME, PRINCIPAL_NAME) VALUES (?, ?, 0, 0, 1800, ?, ?)",
				UUID.randomUUID().toString(), id, NOW.minusSeconds(60).toEpochMilli(),
				SignInRecord.principalIndex("https://idp.example", "ada lovelace"));

		new ExpiredSessionCleanup(this.jdbc, DatabaseDriver.H2, 10, Clock.fixed(NOW, ZoneOffset.UTC), this.expired::add)
			.deleteExpired();

		assertThat(this.expired).singleElement()
			.isEqualTo(SessionEvent.ended(SessionEvent.Ending.EXPIRY, SessionEvent.UNKNOWN_PROVIDER,
					"https://idp.example", "ada lovelace", SessionKey.of(id)));
	}

	@Test
	void attributesGoWithTheirSession() {
		insertSessions(3, NOW.minusSeconds(60));
		this.jdbc.update("INSERT INTO SPRING_SESSION_ATTRIBUTES SELECT PRIMARY_ID, 'a', X'7B7D' FROM SPRING_SESSION");

		new ExpiredSessionCleanup(this.jdbc, DatabaseDriver.H2, 2, Clock.fixed(NOW, ZoneOffset.UTC), this.expired::add)
			.deleteExpired();

		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION_ATTRIBUTES", Integer.class)).isZero();
	}

	private void insertSessions(int count, Instant expiry) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = UUID.randomUUID().toString();
			rows.add(new Object[] { id, UUID.randomUUID().toString(), expiry.toEpochMilli() - 1_800_000,
					expiry.toEpochMilli() - 1_800_000, 1800, expiry.toEpochMilli() });
		}
		this.jdbc.batchUpdate("INSERT INTO SPRING_SESSION (PRIMARY_ID, SESSION_ID, CREATION_TIME, LAST_ACCESS_TIME, "
				+ "MAX_INACTIVE_INTERVAL, EXPIRY_TIME) VALUES (?, ?, ?, ?, ?, ?)", rows);
	}

}
