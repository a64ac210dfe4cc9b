package dev.simplelogin.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The PostgreSQL the tests use: the server named by {@value #SERVER_VARIABLE}
 * ({@code host:port}) or else, started when first asked for, an {@link EmbeddedPostgres}
 * of this JVM's own. Either way: database {@code test}, user {@code postgres}, trust
 * authentication. Each application context gets a schema (or database) of its own, which
 * the tests drop again.
 */
public final class Postgres {

	/**
	 * The environment variable that points the tests at a running server instead of an
	 * embedded one.
	 */
	public static final String SERVER_VARIABLE = "SIMPLELOGIN_TEST_POSTGRES";

	public static final String USER = "postgres";

	private Postgres() {
	}

	/**
	 * Where the server listens; starts the embedded one on the first call when no server
	 * is named.
	 * @return {@code host:port}
	 */
	public static String host() {
		return Server.HOST;
	}

	/**
	 * The server named by {@value #SERVER_VARIABLE}, if any.
	 * @return {@code host:port}, or empty for the embedded server
	 */
	static Optional<String> configured() {
		return Optional.ofNullable(System.getenv(SERVER_VARIABLE)).map(String::strip).filter((host) -> !host.isEmpty());
	}

	static boolean reachable() {
		try (Connection connection = connect("test")) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	public static String newName(String prefix) {
		return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	/**
	 * The properties that point the app at a schema of the test database; Flyway creates
	 * the schema.
	 * @param schema the schema's name
	 * @return the properties
	 */
	public static Map<String, String> schemaProperties(String schema) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", "jdbc:postgresql://" + host() + "/test?currentSchema=" + schema);
		properties.put("spring.datasource.username", USER);
		properties.put("spring.flyway.default-schema", schema);
		properties.put("spring.flyway.schemas", schema);
		return properties;
	}

	/**
	 * The {@code postgres} profile names its session cookie {@code __Host-SESSION} and
	 * marks it {@code Secure}, which no client sends over plain http: the tests speak
	 * http to the app, so they use the plain cookie.
	 * {@code PostgresCookieIntegrationTests} checks the profile's own.
	 * @return the properties
	 */
	public static Map<String, String> plainHttpCookie() {
		return Map.of("server.servlet.session.cookie.name", "SESSION", "server.servlet.session.cookie.secure", "false");
	}

	/**
	 * The {@code postgres} profile serves the actuator on port 8081 and logs JSON. The
	 * tests' instances share one machine, so each takes a free management port
	 * ({@code AppInstance.managementUrl()}), and one JVM, whose logging keeps the format
	 * the first app gave it (Boot sets a system property once), so they log plain lines
	 * as every other test's app does.
	 * @return the properties
	 */
	public static Map<String, String> sharedTestJvm() {
		return Map.of("management.server.port", "0", "logging.structured.format.console", "");
	}

	public static void execute(String database, String sql) {
		try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Failed: " + sql, ex);
		}
	}

	public static void dropSchema(String schema) {
		execute("test", "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
	}

	public static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://" + host() + "/" + database, USER, "");
	}

	// Initialised once, on the first call of host().
	private static final class Server {

		private static final String HOST = configured().orElseGet(() -> EmbeddedPostgres.start().host());

	}

}
