package dev.simplelogin.security;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

import dev.simplelogin.support.Causes;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.web.client.HttpServerErrorException;

/**
 * Why a sign-in failed, in words a person can act on. This is the one place where OAuth2
 * error codes become sentences; the page only ever shows these sentences, never exception
 * text or anything taken from the request.
 */
enum SignInFailure {

	EXPIRED("expired", "Your sign-in expired or was started in another browser. Please try again.",
			"authorization_request_not_found", "invalid_state_parameter"),

	CANCELLED("cancelled", "You cancelled at the provider, so you are not signed in.", "access_denied"),

	UNREACHABLE("unreachable", "The sign-in provider could not be reached. Please try again in a moment.",
			"temporarily_unavailable", "server_error"),

	REJECTED("rejected", "The provider's answer could not be verified, so you were not signed in. Please try again.",
			"invalid_id_token", "invalid_nonce", "invalid_token_response", "invalid_user_info_response",
			"invalid_grant", "invalid_request", "invalid_redirect_uri_parameter"),

	NOT_ALLOWED("denied", "This account is not allowed to sign in here.", "insufficient_scope", "login_required",
			"interaction_required", "consent_required", "account_selection_required"),

	MISCONFIGURED("setup", "Sign-in with this provider is not set up correctly. Please tell the site's operator.",
			"invalid_client", "unauthorized_client", "unsupported_response_type", "invalid_scope",
			"client_registration_not_found", "missing_signature_verifier", "missing_user_info_uri",
			"missing_user_name_attribute"),

	// Not failed sign-ins: a session whose account the access rules no longer let in, and
	// one that reached simplelogin.session.max-age.
	NO_LONGER_ALLOWED("not-allowed", "This account is no longer allowed here. Please sign in with another one."),

	ENDED("ended", "You were signed in for as long as this site allows. Please sign in again."),

	FAILED("failed", "Sign-in did not work. Please try again.");

	private final String key;

	private final String message;

	private final Set<String> errorCodes;

	SignInFailure(String key, String message, String... errorCodes) {
		this.key = key;
		this.message = message;
		this.errorCodes = Set.of(errorCodes);
	}

	String key() {
		return this.key;
	}

	String message() {
		return this.message;
	}

	static SignInFailure of(AuthenticationException exception) {
		if (providerOutage(exception)) {
			return UNREACHABLE;
		}
		if (exception instanceof OAuth2AuthenticationException oauth2) {
			String code = oauth2.getError().getErrorCode();
			return Arrays.stream(values())
				.filter((failure) -> failure.errorCodes.contains(code))
				.findFirst()
				.orElse(FAILED);
		}
		return FAILED;
	}

	static SignInFailure fromKey(@Nullable String key) {
		return Arrays.stream(values()).filter((failure) -> failure.key.equals(key)).findFirst().orElse(FAILED);
	}

	// Spring Security reports a failed call under the code of the step that made it
	// (invalid_token_response, ...); the cause tells a network failure or a provider's
	// 5xx from a bad answer.
	private static boolean providerOutage(Throwable exception) {
		return Causes.any(exception, (cause) -> cause instanceof IOException
				|| cause instanceof HttpServerErrorException || cause instanceof ProviderUnavailableException);
	}

}
