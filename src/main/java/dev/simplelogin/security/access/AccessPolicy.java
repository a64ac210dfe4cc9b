package dev.simplelogin.security.access;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who may sign in with which provider ({@code simplelogin.access.*}), checked at sign-in,
 * before anything of the person is stored, and on every request of a signed-in session,
 * so that a rule changed at a restart applies to people signed in before it.
 */
public final class AccessPolicy {

	private final Rules global;

	private final Map<String, Rules> registrations;

	private final boolean letsEveryoneIn;

	AccessPolicy(AccessProperties properties) {
		this.global = Rules.of(properties.emails(), properties.domains(), properties.googleHostedDomains(),
				properties.requiredClaims(), false);
		Map<String, Rules> registrations = new HashMap<>();
		properties.registrations()
			.forEach((id, registration) -> registrations.put(id, registration.hasRules()
					? Rules.of(registration.emails(), registration.domains(), registration.googleHostedDomains(),
							registration.requiredClaims(), registration.verifiedEmails())
					: this.global.trustingEmails(registration.verifiedEmails())));
		this.registrations = Map.copyOf(registrations);
		this.letsEveryoneIn = this.global.letsEveryoneIn()
				&& this.registrations.values().stream().allMatch(Rules::letsEveryoneIn);
	}

	/**
	 * Refuses rules for a provider that is not configured: a misspelt registration id
	 * would leave the provider it meant open to everyone.
	 * @param configured the registration ids of the configured providers
	 */
	public void requireKnownRegistrations(Collection<String> configured) {
		for (String id : this.registrations.keySet()) {
			if (!configured.contains(id)) {
				throw new IllegalStateException("simplelogin.access.registrations.%s names no configured provider %s"
					.formatted(id, configured));
			}
		}
	}

	/**
	 * The Google Workspace domain to pre-select at the provider ({@code hd}), when the
	 * rules allow exactly one. It only pre-selects: the ID token's {@code hd} is checked.
	 * @param registrationId the provider's registration id
	 * @return the domain, if there is exactly one
	 */
	public Optional<String> hostedDomainHint(String registrationId) {
		Set<String> domains = rules(registrationId).hostedDomains();
		return (domains.size() == 1) ? Optional.of(domains.iterator().next()) : Optional.empty();
	}

	/**
	 * Lets a person who has just signed in through, or refuses them.
	 * @param registrationId the provider's registration id
	 * @param person the person the provider vouched for
	 * @throws AccessRefusedException when the rules do not let them in
	 */
	public void requireAllowed(String registrationId, OidcUser person) {
		Rules.Reason reason = rules(registrationId).refusal(person);
		if (reason != null) {
			throw new AccessRefusedException(registrationId, address(person), reason,
					String.valueOf(person.getIssuer()), person.getSubject());
		}
	}

	boolean letsEveryoneIn() {
		return this.letsEveryoneIn;
	}

	boolean allows(String registrationId, OidcUser person) {
		return rules(registrationId).refusal(person) == null;
	}

	private Rules rules(String registrationId) {
		return this.registrations.getOrDefault(registrationId, this.global);
	}

	private static @Nullable String address(OidcUser person) {
		return (person.getClaims().get("email") instanceof String address) ? address : null;
	}

}
