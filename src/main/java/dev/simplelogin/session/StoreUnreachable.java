package dev.simplelogin.session;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import dev.simplelogin.support.Causes;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the session store's connection (the database is down or out of
 * reach, which the app answers with 503 and which heals by itself) from any other.
 */
public final class StoreUnreachable {

	private StoreUnreachable() {
	}

	/**
	 * Whether the failure, or any of its causes, says the store could not be reached.
	 * @param exception the failure
	 * @return {@code true} for a connection failure, whichever layer wrapped it
	 */
	public static boolean causedBy(@Nullable Throwable exception) {
		return Causes.any(exception,
				(cause) -> cause instanceof SQLTransientConnectionException
						|| cause instanceof CannotCreateTransactionException
						|| cause instanceof DataAccessResourceFailureException
						|| (cause instanceof SQLException sql && connectionLost(sql.getSQLState()))
						|| (cause instanceof TransactionSystemException failed && brokenConnection(failed)));
	}

	// Class 08 is "connection exception"; 57P01 to 57P03 are the server shutting down,
	// crashing or starting up, which end or refuse the connection (57014, a cancelled
	// query, does not).
	private static boolean connectionLost(@Nullable String sqlState) {
		return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
				|| sqlState.equals("57P03"));
	}

	// A commit or rollback that failed hides the original failure, if any, in a field of
	// its own; a rollback that failed with an SQLException of its own ("Connection is
	// closed", with no SQL state) failed because the connection broke under it.
	private static boolean brokenConnection(TransactionSystemException failed) {
		return causedBy(failed.getApplicationException()) || failed.getCause() instanceof SQLException;
	}

}
