package dev.simplelogin.session.store;

import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * PostgreSQL's session queries. Attributes go into a {@code jsonb} column, and writing
 * one is an upsert, as in {@link PostgreSqlJdbcIndexedSessionRepositoryCustomizer} (which
 * Boot does not register): two concurrent requests of one session that set the same
 * attribute would otherwise collide on the primary key.
 */
final class PostgresSessionQueries {

	private static final String CREATE_SESSION_ATTRIBUTE_QUERY = """
			INSERT INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
			VALUES (?, ?, convert_from(?, 'UTF8')::jsonb)
			ON CONFLICT (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)
			DO UPDATE SET ATTRIBUTE_BYTES = EXCLUDED.ATTRIBUTE_BYTES
			""";

	private static final String UPDATE_SESSION_ATTRIBUTE_QUERY = """
			UPDATE %TABLE_NAME%_ATTRIBUTES
			SET ATTRIBUTE_BYTES = convert_from(?, 'UTF8')::jsonb
			WHERE SESSION_PRIMARY_ID = ?
			AND ATTRIBUTE_NAME = ?
			""";

	private PostgresSessionQueries() {
	}

	static void applyTo(JdbcIndexedSessionRepository repository) {
		repository.setCreateSessionAttributeQuery(CREATE_SESSION_ATTRIBUTE_QUERY);
		repository.setUpdateSessionAttributeQuery(UPDATE_SESSION_ATTRIBUTE_QUERY);
	}

}
