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
	// SQL state class 08 is "connection exception". A failed rollback hides the original
	// failure in a field of its own.
	public static boolean causedBy(@Nullable Throwable exception) {
		return Causes.any(exception,
				(cause) -> cause instanceof SQLTransientConnectionException
						|| cause instanceof CannotCreateTransactionException
						|| cause instanceof DataAccessResourceFailureException
						|| (cause instanceof SQLException sql && sql.getSQLState() != null
								&& sql.getSQLState().startsWith("08"))
						|| (cause instanceof TransactionSystemException rollback
								&& causedBy(rollback.getApplicationException())));
	}

}
