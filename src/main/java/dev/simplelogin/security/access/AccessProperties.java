package dev.simplelogin.security.access;

import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may sign in, for every provider, and for each provider that has rules of its own
 * under {@code registrations.<id>}. A rule left empty lets everyone through.
 *
 * @param emails addresses allowed, whatever their domain
 * @param domains e-mail domains allowed (exactly: a sub-domain only when it is listed)
 * @param googleHostedDomains Google Workspace domains, one of which the ID token's
 * {@code hd} claim must name
 * @param requiredClaims claims that must hold a value: a string equal to it, or an array
 * with it among its elements
 * @param registrations rules for one provider, by registration id
 */
@ConfigurationProperties("simplelogin.access")
record AccessProperties(@DefaultValue Set<String> emails, @DefaultValue Set<String> domains,
		@DefaultValue Set<String> googleHostedDomains, @DefaultValue Map<String, String> requiredClaims,
		@DefaultValue Map<String, Registration> registrations) {

	/**
	 * One provider's rules. When it has any of the four lists, they replace the global
	 * rules for this provider.
	 *
	 * @param emails addresses allowed
	 * @param domains e-mail domains allowed
	 * @param googleHostedDomains Google Workspace domains allowed
	 * @param requiredClaims claims that must hold a value
	 * @param verifiedEmails whether the provider verifies every address it sends, so that
	 * one without {@code email_verified} counts as verified
	 */
	record Registration(@DefaultValue Set<String> emails, @DefaultValue Set<String> domains,
			@DefaultValue Set<String> googleHostedDomains, @DefaultValue Map<String, String> requiredClaims,
			boolean verifiedEmails) {

		boolean hasRules() {
			return !this.emails.isEmpty() || !this.domains.isEmpty() || !this.googleHostedDomains.isEmpty()
					|| !this.requiredClaims.isEmpty();
		}

	}

}
