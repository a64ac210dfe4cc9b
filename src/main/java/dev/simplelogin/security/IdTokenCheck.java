package dev.simplelogin.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The checks an ID token must pass after its signature, each with a name, so that a
 * refusal can say which one failed by its type rather than by the library's message text,
 * which may change with any upgrade and may quote what the provider sent.
 */
enum IdTokenCheck {

	TYPE("not a JWT"),

	TIMES("expired or not yet valid"),

	CLAIMS("wrong issuer, audience, authorized party or times"),

	ISSUED_RECENTLY("issued too long ago or in the future");

	private final String reason;

	IdTokenCheck(String reason) {
		this.reason = reason;
	}

	String reason() {
		return this.reason;
	}

	/**
	 * The validator, with every error it reports marked as this check's.
	 * @param validator the library's validator
	 * @return the same check, named
	 */
	OAuth2TokenValidator<Jwt> of(OAuth2TokenValidator<Jwt> validator) {
		return (jwt) -> {
			OAuth2TokenValidatorResult result = validator.validate(jwt);
			if (!result.hasErrors()) {
				return result;
			}
			return OAuth2TokenValidatorResult
				.failure(result.getErrors().stream().map((error) -> (OAuth2Error) new Failure(this, error)).toList());
		};
	}

	/**
	 * An error of a named check; code, description and URI are the library's.
	 */
	static final class Failure extends OAuth2Error {

		private static final long serialVersionUID = 1L;

		private final IdTokenCheck check;

		Failure(IdTokenCheck check, OAuth2Error error) {
			super(error.getErrorCode(), error.getDescription(), error.getUri());
			this.check = check;
		}

		IdTokenCheck check() {
			return this.check;
		}

	}

}
