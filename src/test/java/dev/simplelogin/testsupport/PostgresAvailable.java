package dev.simplelogin.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when the tests have a PostgreSQL: the embedded one, or the
 * server named by {@value Postgres#SERVER_VARIABLE} when it answers. Where neither can be
 * had (a named server that does not answer, a machine the embedded binaries do not run
 * on) the class is skipped with a hint, and in CI ({@code CI} set) it fails. An embedded
 * server that fails to start fails the test.
 */
public class PostgresAvailable implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String server = Postgres.configured().orElse(null);
		if (server == null && !EmbeddedPostgres.runsHere()) {
			return unavailable("The embedded PostgreSQL runs on Linux x86-64 only: set " + Postgres.SERVER_VARIABLE
					+ "=host:port of a server");
		}
		if (Postgres.reachable()) {
			return ConditionEvaluationResult.enabled("PostgreSQL answers at " + Postgres.host());
		}
		String which = (server != null) ? "The server named by " + Postgres.SERVER_VARIABLE : "The embedded server";
		return unavailable(which + " at " + Postgres.host() + " does not answer, or has no database 'test' that user"
				+ " 'postgres' may use without a password (trust authentication)");
	}

	private static ConditionEvaluationResult unavailable(String message) {
		if (System.getenv("CI") != null) {
			throw new IllegalStateException(message);
		}
		return ConditionEvaluationResult.disabled(message);
	}

}
