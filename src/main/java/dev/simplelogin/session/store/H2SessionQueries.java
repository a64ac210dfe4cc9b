package dev.simplelogin.session.store;

import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * H2's session queries: writing an attribute is an upsert (H2's {@code MERGE ... KEY}),
 * as on PostgreSQL. Two requests of one session that both add the CSRF token would
 * otherwise collide on the primary key; the session cache
 * ({@code CachingSessionRepository}) runs their saves one after the other, so the second
 * one updates.
 */
final class H2SessionQueries {

	private static final String CREATE_SESSION_ATTRIBUTE_QUERY = """
			MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
			KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)
			VALUES (?, ?, ?)
			""";

	private H2SessionQueries() {
	}

	static void applyTo(JdbcIndexedSessionRepository repository) {
		repository.setCreateSessionAttributeQuery(CREATE_SESSION_ATTRIBUTE_QUERY);
	}

}
