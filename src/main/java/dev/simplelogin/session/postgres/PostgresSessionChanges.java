package dev.simplelogin.session.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.simplelogin.session.SessionKey;
import dev.simplelogin.session.cache.SessionCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hears, on a connection of its own, what PostgreSQL announces when a session is changed
 * or deleted by any instance or by hand (the triggers of migration V3), and drops that
 * session from this instance's {@link SessionCache}.
 * <p>
 * The cache is trusted only while this instance is proven to hear every announcement:
 * every {@link #PROBE_INTERVAL} it sends a notification of its own through the connection
 * pool, the way the app's writes reach the database, and counts the triggers that are
 * enabled there. If the probe is not heard within {@link #PROBE_TIMEOUT}, or a trigger is
 * missing or disabled, the cache is emptied and unused until a probe succeeds again. That
 * catches what a check of the listening connection alone cannot: disabled triggers, a
 * pooler that does not deliver notifications, and a listener left on an old primary after
 * a failover.
 */
final class PostgresSessionChanges implements SmartLifecycle, MeterBinder {

	static final String CHANNEL = "spring_session_changes";

	/** What the listening connection calls itself in {@code pg_stat_activity}. */
	static final String APPLICATION_NAME = "simple-login session listener";

	/**
	 * How often the listener proves that it hears what the app's own connections
	 * announce.
	 */
	static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	/** How long a probe may take to be heard before the cache is turned off. */
	static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	// Announced on TRUNCATE.
	private static final String EVERYTHING = "*";

	private static final String PROBE_PREFIX = "probe:";

	private static final int TRIGGERS = 5;

	// Sent through the pool: the notification is delivered when the statement commits.
	// Triggers fire in the default replication role when enabled as 'O' (origin) or 'A'
	// (always).
	private static final String PROBE = """
			SELECT (SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
				WHERE c.relname IN ('spring_session', 'spring_session_attributes') AND pg_table_is_visible(c.oid)
				AND t.tgname LIKE 'spring_session%' AND t.tgenabled IN ('O', 'A'))
			FROM pg_notify(?, ?)""";

	private static final Log logger = LogFactory.getLog(PostgresSessionChanges.class);

	private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

	// Well within SessionCache.HEARD_WITHIN, so that a thread woken a little late still
	// keeps the cache in use.
	private static final int POLL_MILLIS = 20;

	// A pool too busy to lend a connection says nothing about the listener: under a spike
	// the cache stays in use this long after the last probe heard, instead of going off
	// when it is needed most.
	static final Duration BUSY_POOL_GRACE = Duration.ofSeconds(5);

	private final Connector connector;

	private final JdbcTemplate pool;

	private final SessionCache cache;

	private final boolean needed;

	private final AtomicLong probes = new AtomicLong();

	private volatile boolean probing;

	private volatile boolean listening;

	private final AtomicLong failures = new AtomicLong();

	private long lastHeard;

	private volatile boolean running;

	private volatile @Nullable Thread listener;

	private volatile @Nullable Connection connection;

	PostgresSessionChanges(Connector connector, JdbcTemplate pool, SessionCache cache, boolean needed) {
		this.connector = connector;
		this.pool = pool;
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

	/** How many probes were started (each takes one connection from the pool). */
	long probes() {
		return this.probes.get();
	}

	/** Whether a probe holds, or waits for, a connection of the pool right now. */
	boolean probing() {
		return this.probing;
	}

	// Only where the listener runs; elsewhere there is no state to show.
	@Override
	public void bindTo(MeterRegistry registry) {
		if (!this.needed) {
			return;
		}
		Gauge.builder("simplelogin.sessions.listener.up", this, (changes) -> changes.listening ? 1 : 0)
			.description("1 while the listener is connected and hears its probes, 0 otherwise")
			.register(registry);
		FunctionCounter.builder("simplelogin.sessions.listener.probes", this, PostgresSessionChanges::probes)
			.description("Probes sent through the connection pool to prove that the listener hears every change")
			.register(registry);
		FunctionCounter.builder("simplelogin.sessions.listener.failures", this.failures, AtomicLong::get)
			.description("Times the listener stopped hearing (connection lost, probe not heard, trigger disabled)")
			.register(registry);
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
					PGConnection postgres = listening.unwrap(PGConnection.class);
					probe(postgres);
					this.cache.trust(this.running);
					this.listening = this.running;
					if (failing) {
						logger.info("Listening to session changes again; the session cache is back in use");
						failing = false;
					}
					receive(postgres);
				}
				catch (SQLException | RuntimeException ex) {
					this.cache.trust(false);
					this.listening = false;
					if (this.running && !failing) {
						this.failures.incrementAndGet();
						logger.warn(
								"Not listening to session changes (%s); sessions are read from the database until it is back"
									.formatted(ex.getMessage()));
						failing = true;
					}
					pause();
				}
			}
		}
		finally {
			this.cache.trust(false);
			this.listening = false;
		}
	}

	private void receive(PGConnection postgres) throws SQLException {
		while (this.running) {
			long nextProbe = System.nanoTime() + PROBE_INTERVAL.toNanos();
			while (this.running && System.nanoTime() < nextProbe) {
				poll(postgres, null);
			}
			probe(postgres);
		}
	}

	// Handles what has arrived, waiting a little for more: everything that reached this
	// instance before the call is then handled, which keeps the cache in use.
	private boolean poll(PGConnection postgres, @Nullable String probe) throws SQLException {
		long started = System.nanoTime();
		boolean heard = handle(postgres.getNotifications(POLL_MILLIS), probe);
		this.cache.heardAllBefore(started);
		return heard;
	}

	// Throws when the probe is not heard in time or a trigger is missing or disabled.
	private void probe(PGConnection postgres) throws SQLException {
		String token = PROBE_PREFIX + UUID.randomUUID();
		Integer triggers;
		this.probing = true;
		this.probes.incrementAndGet();
		try {
			triggers = this.pool.queryForObject(PROBE, Integer.class, CHANNEL, token);
		}
		catch (CannotGetJdbcConnectionException busy) {
			if (this.cache.isTrusted() && System.nanoTime() - this.lastHeard < BUSY_POOL_GRACE.toNanos()) {
				return;
			}
			throw busy;
		}
		finally {
			this.probing = false;
		}
		if (triggers == null || triggers < TRIGGERS) {
			throw new SQLException("%d of the %d triggers of migration V3 are enabled".formatted(triggers, TRIGGERS));
		}
		long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
		while (this.running && System.nanoTime() < deadline) {
			if (poll(postgres, token)) {
				this.lastHeard = System.nanoTime();
				return;
			}
		}
		if (this.running) {
			throw new SQLException("a notification sent through the connection pool was not heard within "
					+ PROBE_TIMEOUT.toMillis() + " ms");
		}
	}

	// Returns whether the probe was among the notifications.
	private boolean handle(PGNotification @Nullable [] notifications, @Nullable String probe) {
		boolean heard = false;
		if (notifications != null) {
			for (PGNotification notification : notifications) {
				String payload = notification.getParameter();
				if (payload.startsWith(PROBE_PREFIX)) {
					heard |= payload.equals(probe);
				}
				else if (EVERYTHING.equals(payload)) {
					this.cache.invalidateAll();
				}
				else {
					this.cache.invalidate(new SessionKey(payload));
				}
			}
		}
		return heard;
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
