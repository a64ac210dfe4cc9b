package dev.simplelogin.session.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import dev.simplelogin.session.StoreUnreachable;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * While the database is down, every connection asked of the pool waits the pool's whole
 * timeout before it fails, and one page asks several times: the session lookup, the
 * page's own query, the session save as the answer goes out, Spring Session's second
 * lookup when the first failed. Waits that add up would break the promise of a 503 within
 * 2 s. Once a request has waited in vain, its later asks fail at once. Work outside a
 * request (the change listener, the cleanup job) is left alone.
 */
final class OneWaitPerRequest extends DelegatingDataSource {

	private static final ThreadLocal<Request> current = new ThreadLocal<>();

	OneWaitPerRequest(DataSource pool) {
		super(pool);
	}

	@Override
	public Connection getConnection() throws SQLException {
		Request request = current.get();
		if (request != null && request.failure != null) {
			throw new SQLTransientConnectionException("The database could not be reached earlier in this request",
					request.failure);
		}
		try {
			return super.getConnection();
		}
		catch (SQLException ex) {
			if (request != null && StoreUnreachable.causedBy(ex)) {
				request.failure = ex;
			}
			throw ex;
		}
	}

	/**
	 * Marks where a request begins and ends, around every filter, Spring Session's
	 * included.
	 */
	static final class Scope implements ServletRequestListener {

		@Override
		public void requestInitialized(ServletRequestEvent event) {
			current.set(new Request());
		}

		@Override
		public void requestDestroyed(ServletRequestEvent event) {
			current.remove();
		}

	}

	private static final class Request {

		@Nullable SQLException failure;

	}

}
