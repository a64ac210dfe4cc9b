package dev.simplelogin.session.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import javax.sql.DataSource;

import dev.simplelogin.session.StoreUnreachable;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Bounds how long a page waits for a database that is down. The pool then waits its whole
 * connection timeout on every ask, and one page asks several times: the session lookup,
 * the page's own query, the session save as the answer goes out, Spring Session's second
 * lookup when the first failed. So:
 * <ul>
 * <li>a request that has waited in vain fails at once on its later asks;</li>
 * <li>once the pool could not connect, every ask fails at once for {@link #KNOWN_DOWN};
 * then asks try again, so the app sees within about a second that the database is
 * back.</li>
 * </ul>
 * A pool that is merely busy (its wait ran out with no failed connection attempt behind
 * it) says nothing about the database: the second rule leaves it alone. Work outside a
 * request (the change listener, the cleanup job) falls under the second rule only.
 */
final class OneWaitPerRequest extends DelegatingDataSource {

	static final Duration KNOWN_DOWN = Duration.ofSeconds(1);

	private static final ThreadLocal<Request> current = new ThreadLocal<>();

	private final long knownDownNanos;

	private volatile @Nullable Failure lastConnectFailure;

	OneWaitPerRequest(DataSource pool) {
		this(pool, KNOWN_DOWN);
	}

	OneWaitPerRequest(DataSource pool, Duration knownDown) {
		super(pool);
		this.knownDownNanos = knownDown.toNanos();
	}

	@Override
	public Connection getConnection() throws SQLException {
		Request request = current.get();
		if (request != null && request.failure != null) {
			throw new SQLTransientConnectionException("The database could not be reached earlier in this request",
					request.failure);
		}
		Failure down = this.lastConnectFailure;
		if (down != null && System.nanoTime() - down.at() < this.knownDownNanos) {
			throw new SQLTransientConnectionException("The database could not be reached a moment ago", down.failure());
		}
		try {
			return super.getConnection();
		}
		catch (SQLException ex) {
			if (StoreUnreachable.causedBy(ex)) {
				if (request != null) {
					request.failure = ex;
				}
				if (ex.getCause() instanceof SQLException) {
					this.lastConnectFailure = new Failure(ex, System.nanoTime());
				}
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

	private record Failure(SQLException failure, long at) {
	}

}
