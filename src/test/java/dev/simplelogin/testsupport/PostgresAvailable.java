package dev.simplelogin.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when PostgreSQL answers at 127.0.0.1:5432. On a developer's
 * machine without it the class is skipped with a hint; in CI ({@code CI} set) it fails.
 */
public class PostgresAvailable implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (Postgres.reachable()) {
			return ConditionEvaluationResult.enabled("PostgreSQL answers at " + Postgres.HOST);
		}
		String message = "PostgreSQL tests need a server at " + Postgres.HOST
				+ " with a database 'test' that user 'postgres' may use without a password (trust authentication)";
		if (System.getenv("CI") != null) {
			throw new IllegalStateException(message);
		}
		return ConditionEvaluationResult.disabled(message);
	}

}
