package dev.simplelogin.session.postgres;

import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session-change listener connects with the pool's own settings, so SSL, credentials
 * and driver options configured for the pool apply to it too, and with timeouts of its
 * own.
 */
class ListenerConnectionTests {

	@Test
	void listenerTakesThePoolsCredentialsAndDriverPropertiesAndBoundsItsCalls() {
		HikariConfig pool = new HikariConfig();
		pool.setUsername("app");
		pool.setPassword("from-the-environment");
		pool.addDataSourceProperty("sslmode", "verify-full");
		pool.addDataSourceProperty("sslrootcert", "/etc/ssl/db-ca.pem");

		Properties listener = PostgresSessionChangesConfiguration.listenerProperties(pool);

		assertThat(listener).containsEntry("user", "app")
			.containsEntry("password", "from-the-environment")
			.containsEntry("sslmode", "verify-full")
			.containsEntry("sslrootcert", "/etc/ssl/db-ca.pem")
			.containsEntry("ApplicationName", PostgresSessionChanges.APPLICATION_NAME)
			.containsEntry("socketTimeout", "10")
			.containsEntry("connectTimeout", "5");
	}

	@Test
	void poolsOwnTimeoutsWin() {
		HikariConfig pool = new HikariConfig();
		pool.addDataSourceProperty("socketTimeout", "3");

		assertThat(PostgresSessionChangesConfiguration.listenerProperties(pool)).containsEntry("socketTimeout", "3");
	}

}
