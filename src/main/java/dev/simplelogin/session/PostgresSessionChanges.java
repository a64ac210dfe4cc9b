package dev.simplelogin.session;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.context.SmartLifecycle;

/**
 * Hears, on a connection of its own, what PostgreSQL announces when a session is changed
 * or deleted by any instance or by hand (the triggers of migration V3), and drops that
 * session from this instance's {@link SessionCache}. The cache is trusted only while this
 * connection listens and answers: when it breaks, every request reads the database until
 * it listens again.
 */
final class PostgresSessionChanges implements SmartLifecycle {

	static final String CHANNEL = "spring_session_changes";

	/** What the listening connection calls itself in {@code pg_stat_activity}. */
	static final String APPLICATION_NAME = "simple-login session listener";

	// Announced on TRUNCATE.
	private static final String EVERYTHING = "*";

	private static final int TRIGGERS = 5;

	private static final Log logger = LogFactory.getLog(PostgresSessionChanges.class);

	// A connection that died without a word is noticed within this, plus the check's timeout.
	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	private static final int CHECK_TIMEOUT_SECONDS = 1;

	private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

	private final Connector connector;

	private final SessionCache cache;

	private final boolean needed;

	private volatile boolean running;

	private volatile @Nullable Thread listener;

	private volatile @Nullable Connection connection;

	PostgresSessionChanges(Connector connector, SessionCache cache, boolean needed) {
		this.connector = connector;
		this.cache = cache;
		this.needed = needed;
	}

	// Other databases announce nothing, and without a cache nobody needs to hear.
	@Override
	public boolean isAutoStartup() {
		return this.needed;
	}

	@Override
	public void start() {
		this.running = true;
		Thread thread = new Thread(this::listen, "session-changes");
		thread.setDaemon(true);
		this.listener = thread;
		thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.cache.trust(false);
		Thread thread = this.listener;
		if (thread != null) {
			thread.interrupt();
		}
		closeQuietly(this.connection);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		boolean failing = false;
		try {
			while (this.running) {
				try (Connection listening = this.connector.connect()) {
					this.connection = listening;
					try (Statement statement = listening.createStatement()) {
						statement.execute("LISTEN " + CHANNEL);
					}
					requireTriggers(listening);
					this.cache.trust(this.running);
					if (failing) {
						logger.info("Listening to session changes again; the session cache is back in use");
						failing = false;
					}
					receive(listening);
				}
				catch (SQLException | RuntimeException ex) {
					this.cache.trust(false);
					if (this.running && !failing) {
						logger.warn("Not listening to session changes (%s); sessions are read from the database until it is back"
							.formatted(ex.getMessage()));
						failing = true;
					}
					pause();
				}
			}
		}
		finally {
			this.cache.trust(false);
		}
	}

	// Without the triggers nothing is ever announced: a cache would never learn of a sign-out.
	private static void requireTriggers(Connection listening) throws SQLException {
		try (Statement statement = listening.createStatement();
				ResultSet triggers = statement.executeQuery("""
						SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
						WHERE c.relname IN ('spring_session', 'spring_session_attributes')
						AND pg_table_is_visible(c.oid) AND t.tgname LIKE 'spring_session%'""")) {
			triggers.next();
			if (triggers.getInt(1) < TRIGGERS) {
				throw new SQLException("the triggers of migration V3 are missing");
			}
		}
	}

	private void receive(Connection listening) throws SQLException {
		PGConnection postgres = listening.unwrap(PGConnection.class);
		long checked = System.nanoTime();
		while (this.running) {
			PGNotification[] notifications = postgres.getNotifications((int) CHECK_INTERVAL.toMillis());
			if (notifications != null) {
				for (PGNotification notification : notifications) {
					if (EVERYTHING.equals(notification.getParameter())) {
						this.cache.invalidateAll();
					}
					else {
						this.cache.invalidate(notification.getParameter());
					}
				}
			}
			if (System.nanoTime() - checked > CHECK_INTERVAL.toNanos()) {
				if (!listening.isValid(CHECK_TIMEOUT_SECONDS)) {
					throw new SQLException("the listening connection does not answer");
				}
				checked = System.nanoTime();
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(RETRY_DELAY.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	private static void closeQuietly(@Nullable Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// Closing only unblocks the listener; a failure changes nothing.
			}
		}
	}

	@FunctionalInterface
	interface Connector {

		Connection connect() throws SQLException;

	}

}
