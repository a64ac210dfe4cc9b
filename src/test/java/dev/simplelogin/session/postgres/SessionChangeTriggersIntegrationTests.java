package dev.simplelogin.session.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.simplelogin.session.SessionKey;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The triggers' side of the contract in docs/design/session-cache.md, on the app's own
 * migrations: which changes of the session tables announce the session, and which do not.
 * Each case that must stay silent is followed by one that must speak, so a silence means
 * the trigger chose it, not that nobody listened.
 */
@ExtendWith(PostgresAvailable.class)
class SessionChangeTriggersIntegrationTests {

	private static final long HOUR = 3_600_000;

	private final String schema = Postgres.newName("sl_triggers");

	private Connection listener;

	private Connection writer;

	@BeforeEach
	void migrateAndListen() throws SQLException {
		Flyway.configure()
			.dataSource("jdbc:postgresql://" + Postgres.host() + "/test", Postgres.USER, "")
			.schemas(this.schema)
			.locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
			.load()
			.migrate();
		this.listener = Postgres.connect("test");
		try (Statement statement = this.listener.createStatement()) {
			statement.execute("LISTEN " + PostgresSessionChanges.CHANNEL);
		}
		this.writer = Postgres.connect("test");
		try (Statement statement = this.writer.createStatement()) {
			statement.execute("SET search_path TO " + this.schema);
		}
	}

	@AfterEach
	void close() throws SQLException {
		this.listener.close();
		this.writer.close();
		Postgres.dropSchema(this.schema);
	}

	@Test
	void laterLastAccessAloneAnnouncesNothingButAnEarlierOneDoes() throws SQLException {
		long now = System.currentTimeMillis();
		insertSession("a", now, now + HOUR);
		heard();

		write("UPDATE spring_session SET last_access_time = %d, expiry_time = %d WHERE session_id = '%s'"
			.formatted(now + 1000, now + HOUR + 1000, sessionId("a")));
		assertThat(heard()).isEmpty();

		write("UPDATE spring_session SET last_access_time = %d WHERE session_id = '%s'".formatted(now - 1000,
				sessionId("a")));
		assertThat(heard()).containsExactly(key("a"));
	}

	@Test
	void deletingAnExpiredSessionAnnouncesNothingButDeletingALiveOneDoes() throws SQLException {
		long now = System.currentTimeMillis();
		insertSession("expired", now - 2 * HOUR, now - HOUR);
		insertSession("live", now, now + HOUR);
		heard();

		write("DELETE FROM spring_session WHERE session_id = '%s'".formatted(sessionId("expired")));
		assertThat(heard()).isEmpty();

		write("DELETE FROM spring_session WHERE session_id = '%s'".formatted(sessionId("live")));
		assertThat(heard()).containsExactly(key("live"));
	}

	@Test
	void changedPrincipalTimeoutOrAttributeAnnouncesTheSession() throws SQLException {
		long now = System.currentTimeMillis();
		insertSession("a", now, now + HOUR);
		heard();

		write("UPDATE spring_session SET principal_name = 'https://issuer.example bob' WHERE session_id = '%s'"
			.formatted(sessionId("a")));
		assertThat(heard()).containsExactly(key("a"));
		write("UPDATE spring_session SET max_inactive_interval = 60 WHERE session_id = '%s'".formatted(sessionId("a")));
		assertThat(heard()).containsExactly(key("a"));
		write("DELETE FROM spring_session_attributes WHERE session_primary_id = '%s'".formatted(primaryId("a")));
		assertThat(heard()).containsExactly(key("a"));
		write("TRUNCATE spring_session CASCADE");
		assertThat(heard()).contains("*");
	}

	// Session ids and primary ids are 36 characters, as Spring Session's: the columns are
	// CHAR(36).
	private void insertSession(String id, long lastAccess, long expiry) throws SQLException {
		write(("INSERT INTO spring_session (primary_id, session_id, creation_time, last_access_time, "
				+ "max_inactive_interval, expiry_time, principal_name) "
				+ "VALUES ('%s', '%s', %d, %d, 1800, %d, 'https://issuer.example alice')")
			.formatted(primaryId(id), sessionId(id), lastAccess, lastAccess, expiry));
		write(("INSERT INTO spring_session_attributes (session_primary_id, attribute_name, attribute_bytes) "
				+ "VALUES ('%s', 'name', '\"%s\"'::jsonb)")
			.formatted(primaryId(id), id));
	}

	private static String sessionId(String name) {
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

	private static String primaryId(String name) {
		return UUID.nameUUIDFromBytes(("primary " + name).getBytes(StandardCharsets.UTF_8)).toString();
	}

	private static String key(String name) {
		return SessionKey.of(sessionId(name)).hash();
	}

	private void write(String sql) throws SQLException {
		try (Statement statement = this.writer.createStatement()) {
			statement.execute(sql);
		}
	}

	// What the listener has been told since the last call. PostgreSQL sends a committed
	// transaction's notifications before its answer to the commit, so the ones of every
	// statement written so far are on their way; a short wait collects them.
	private List<String> heard() throws SQLException {
		List<String> payloads = new ArrayList<>();
		PGNotification[] notifications = this.listener.unwrap(PGConnection.class).getNotifications(300);
		while (notifications != null && notifications.length > 0) {
			for (PGNotification notification : notifications) {
				// Instances of other test classes, still running, probe the same channel.
				if (!notification.getParameter().startsWith("probe:")) {
					payloads.add(notification.getParameter());
				}
			}
			notifications = this.listener.unwrap(PGConnection.class).getNotifications(100);
		}
		return payloads;
	}

}
