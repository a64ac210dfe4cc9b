package dev.simplelogin.security;

import java.util.Map;

import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ClaimsRoundTripIntegrationTests} on PostgreSQL: three instances of the
 * {@code postgres} profile on one schema, attributes in {@code jsonb}.
 */
@ExtendWith(PostgresAvailable.class)
class PostgresClaimsRoundTripIntegrationTests extends ClaimsRoundTripIntegrationTests {

	private final String schema = Postgres.newName("sl_claims");

	@Override
	Map<String, String> database() {
		return Postgres.schemaProperties(this.schema);
	}

	@Override
	String[] profiles() {
		return new String[] { "postgres" };
	}

	@AfterAll
	void dropSchema() {
		Postgres.dropSchema(this.schema);
	}

}
