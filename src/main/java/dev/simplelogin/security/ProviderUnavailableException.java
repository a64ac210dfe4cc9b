package dev.simplelogin.security;

/**
 * A sign-in was started with a provider whose OpenID configuration could not be read yet.
 */
final class ProviderUnavailableException extends RuntimeException {

	ProviderUnavailableException(String registrationId) {
		super("The OpenID configuration of '%s' could not be read yet".formatted(registrationId));
	}

}
