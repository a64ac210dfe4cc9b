package dev.simplelogin.security.access;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The rules for one provider, in the form they are checked in: addresses, domains and
 * hosted domains lower-cased once, here, so that a check compares strings exactly.
 *
 * @param emails addresses allowed
 * @param domains e-mail domains allowed
 * @param hostedDomains Google Workspace domains allowed
 * @param claims claims that must hold a value
 * @param verifiedEmails whether every address the provider sends counts as verified
 */
record Rules(Set<String> emails, Set<String> domains, Set<String> hostedDomains, Map<String, String> claims,
		boolean verifiedEmails) {

	static Rules of(Set<String> emails, Set<String> domains, Set<String> hostedDomains, Map<String, String> claims,
			boolean verifiedEmails) {
		emails.forEach((email) -> require(email.indexOf('@') > 0, email,
				"is not an e-mail address (emails lists whole addresses)"));
		Stream.concat(domains.stream(), hostedDomains.stream())
			.forEach((domain) -> require(!domain.isBlank() && domain.indexOf('@') < 0, domain,
					"is not a domain (write corp.example, not @corp.example)"));
		return new Rules(lowerCase(emails), lowerCase(domains), lowerCase(hostedDomains), Map.copyOf(claims),
				verifiedEmails);
	}

	Rules trustingEmails(boolean verifiedEmails) {
		return new Rules(this.emails, this.domains, this.hostedDomains, this.claims, verifiedEmails);
	}

	boolean letsEveryoneIn() {
		return this.emails.isEmpty() && this.domains.isEmpty() && this.hostedDomains.isEmpty() && this.claims.isEmpty();
	}

	/**
	 * Why a person may not sign in.
	 * @param person the person the provider vouched for
	 * @return the first rule they fail, or {@code null} when they may sign in
	 */
	@Nullable Reason refusal(OidcUser person) {
		if (letsEveryoneIn()) {
			return null;
		}
		Map<String, Object> claims = person.getClaims();
		if (!this.emails.isEmpty() || !this.domains.isEmpty()) {
			if (!(claims.get(StandardClaimNames.EMAIL) instanceof String address)) {
				return Reason.NO_EMAIL;
			}
			if (!this.verifiedEmails && !verified(claims.get(StandardClaimNames.EMAIL_VERIFIED))) {
				return Reason.EMAIL_UNVERIFIED;
			}
			String lowerCase = address.toLowerCase(Locale.ROOT);
			String domain = lowerCase.substring(lowerCase.lastIndexOf('@') + 1);
			if (!this.emails.contains(lowerCase) && !this.domains.contains(domain)) {
				return Reason.EMAIL_NOT_LISTED;
			}
		}
		// Only the ID token's: the hd parameter of the authorization request merely
		// pre-selects an account, and the userinfo answer is not what Google signs.
		if (!this.hostedDomains.isEmpty() && !(person.getIdToken().getClaims().get("hd") instanceof String hd
				&& this.hostedDomains.contains(hd.toLowerCase(Locale.ROOT)))) {
			return Reason.HOSTED_DOMAIN;
		}
		for (Map.Entry<String, String> required : this.claims.entrySet()) {
			if (!holds(claims.get(required.getKey()), required.getValue())) {
				return Reason.REQUIRED_CLAIM;
			}
		}
		return null;
	}

	// The JSON boolean, or the string Apple sends; nothing else ("yes", "1") and no claim
	// at all mean unverified.
	private static boolean verified(@Nullable Object emailVerified) {
		return Boolean.TRUE.equals(emailVerified) || "true".equals(emailVerified);
	}

	private static boolean holds(@Nullable Object claim, String value) {
		return (claim instanceof String text) ? text.equals(value)
				: (claim instanceof Collection<?> elements) && elements.contains(value);
	}

	private static void require(boolean valid, String value, String problem) {
		if (!valid) {
			throw new IllegalStateException("simplelogin.access: '%s' %s".formatted(value, problem));
		}
	}

	private static Set<String> lowerCase(Set<String> values) {
		return values.stream().map((value) -> value.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
	}

	/**
	 * Which rule refused a person: a stable key for the audit log's {@code event.reason}
	 * and the meters, which dashboards and alerts match on, and words for people reading
	 * the log, which may change.
	 */
	enum Reason {

		NO_EMAIL("no-email", "no e-mail address"), EMAIL_UNVERIFIED("email-unverified", "e-mail address not verified"),
		EMAIL_NOT_LISTED("email-not-listed", "e-mail address or domain not allowed"),
		HOSTED_DOMAIN("hosted-domain", "Google hosted domain (hd) missing or not allowed"),
		REQUIRED_CLAIM("required-claim", "a required claim is missing or different");

		private final String key;

		private final String description;

		Reason(String key, String description) {
			this.key = key;
			this.description = description;
		}

		String key() {
			return this.key;
		}

		String description() {
			return this.description;
		}

	}

}
