package dev.simplelogin.user;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Identifies a person across providers. E-mail addresses are not identifiers: they can be
 * reassigned, and two providers may both vouch for the same one.
 */
record UserId(String issuer, String subject) {

	static UserId of(OidcUser principal) {
		return new UserId(String.valueOf(principal.getIssuer()), principal.getSubject());
	}

}
