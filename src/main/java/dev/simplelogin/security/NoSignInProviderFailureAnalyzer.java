package dev.simplelogin.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start without any provider credentials into a short explanation instead of a
 * stack trace.
 */
class NoSignInProviderFailureAnalyzer extends AbstractFailureAnalyzer<NoSignInProviderException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoSignInProviderException cause) {
		return new FailureAnalysis("No OpenID provider has credentials, so nobody could sign in.",
				"Set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET to your Google OAuth client's credentials, "
						+ "or configure another provider under spring.security.oauth2.client.registration. "
						+ "To try the app without a Google account, run: ./mvnw spring-boot:test-run",
				cause);
	}

}
