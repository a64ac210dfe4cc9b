package dev.simplelogin.session;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreUnreachableTests {

	@Test
	void poolThatTimedOutWaitingForAConnectionIsUnreachable() {
		assertThat(StoreUnreachable.causedBy(new CannotGetJdbcConnectionException("pool",
				new SQLTransientConnectionException("Connection is not available, request timed out"))))
			.isTrue();
	}

	@Test
	void connectionExceptionClassIsUnreachable() {
		assertThat(StoreUnreachable.causedBy(sql("08006"))).isTrue();
	}

	@Test
	void serverShuttingDownOrStartingIsUnreachable() {
		assertThat(StoreUnreachable.causedBy(sql("57P01"))).isTrue();
		assertThat(StoreUnreachable.causedBy(sql("57P03"))).isTrue();
	}

	@Test
	void rollbackThatFailedOnAClosedConnectionIsUnreachable() {
		// What JdbcTransactionManager throws when a commit failed as PostgreSQL went down
		// and the rollback after it found the connection closed.
		assertThat(StoreUnreachable
			.causedBy(new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"))))
			.isTrue();
	}

	@Test
	void rollbackThatHidesAnUnreachableStoreIsUnreachable() {
		TransactionSystemException rollback = new TransactionSystemException("rollback failed");
		rollback.initApplicationException(new CannotGetJdbcConnectionException("pool", sql("08001")));

		assertThat(StoreUnreachable.causedBy(rollback)).isTrue();
	}

	@Test
	void otherDatabaseFailuresAreNot() {
		assertThat(StoreUnreachable.causedBy(new DataIntegrityViolationException("duplicate", sql("23505")))).isFalse();
		assertThat(StoreUnreachable.causedBy(new UncategorizedSQLException("cancelled", "SELECT", sql("57014"))))
			.isFalse();
		assertThat(StoreUnreachable.causedBy(new TransactionSystemException("no transaction"))).isFalse();
		assertThat(StoreUnreachable.causedBy(new IllegalStateException("bug"))).isFalse();
		assertThat(StoreUnreachable.causedBy(null)).isFalse();
	}

	private static SQLException sql(String state) {
		return new SQLException("failed", state);
	}

}
