package dev.simplelogin.session.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.simplelogin.session.SessionStoreProperties;
import dev.simplelogin.session.cache.SessionCache;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The listener that lets PostgreSQL instances trust their session caches.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionStoreProperties.class)
class PostgresSessionChangesConfiguration {

	private final DataSourceProperties dataSource;

	PostgresSessionChangesConfiguration(DataSourceProperties dataSource) {
		this.dataSource = dataSource;
	}

	@Bean
	PostgresSessionChanges postgresSessionChanges(DataSource dataSource, SessionCache cache,
			SessionStoreProperties properties) {
		boolean postgres = DatabaseDriver.fromJdbcUrl(this.dataSource.determineUrl()) == DatabaseDriver.POSTGRESQL;
		return new PostgresSessionChanges(() -> listeningConnection(dataSource), new JdbcTemplate(dataSource), cache,
				postgres && properties.cacheSize() > 0);
	}

	// Connected as the pool connects (URL, user, password, driver properties such as SSL,
	// schema), but outside it: the connection is held for as long as the app runs.
	private Connection listeningConnection(DataSource dataSource) throws SQLException {
		if (dataSource.isWrapperFor(HikariDataSource.class)) {
			HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
			Connection listening = DriverManager.getConnection(hikari.getJdbcUrl(), listenerProperties(hikari));
			try {
				if (hikari.getSchema() != null) {
					listening.setSchema(hikari.getSchema());
				}
				return listening;
			}
			catch (SQLException ex) {
				listening.close();
				throw ex;
			}
		}
		Properties connection = listenerProperties(new HikariConfig());
		putIfPresent(connection, "user", this.dataSource.determineUsername());
		putIfPresent(connection, "password", this.dataSource.determinePassword());
		return DriverManager.getConnection(this.dataSource.determineUrl(), connection);
	}

	// The timeouts bound every call on the connection; waiting for notifications sets its
	// own.
	static Properties listenerProperties(HikariConfig pool) {
		Properties connection = new Properties();
		connection.setProperty("connectTimeout", "5");
		connection.setProperty("socketTimeout", "10");
		connection.putAll(pool.getDataSourceProperties());
		putIfPresent(connection, "user", pool.getUsername());
		putIfPresent(connection, "password", pool.getPassword());
		connection.setProperty("ApplicationName", PostgresSessionChanges.APPLICATION_NAME);
		return connection;
	}

	private static void putIfPresent(Properties properties, String name, @Nullable String value) {
		if (value != null) {
			properties.setProperty(name, value);
		}
	}

}
