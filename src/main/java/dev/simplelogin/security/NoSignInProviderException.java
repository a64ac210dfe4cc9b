package dev.simplelogin.security;

/**
 * Thrown at start-up when no OpenID provider has credentials, so nobody could sign in.
 */
class NoSignInProviderException extends RuntimeException {

	NoSignInProviderException() {
		super("No OpenID provider is configured");
	}

}
