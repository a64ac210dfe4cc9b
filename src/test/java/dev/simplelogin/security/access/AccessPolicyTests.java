package dev.simplelogin.security.access;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Mistakes in the rules stop the start, since each would let the wrong people in or keep
 * everyone out without a word. What the rules decide is tested over HTTP in
 * {@link AccessPolicyIntegrationTests}.
 */
class AccessPolicyTests {

	@Test
	void rulesForAProviderThatIsNotConfiguredStopTheStart() {
		AccessPolicy policy = new AccessPolicy(
				properties(Set.of(), Set.of(), Map.of("gogle", registration(Set.of("corp.example"), Set.of()))));

		assertThatIllegalStateException().isThrownBy(() -> policy.requireKnownRegistrations(List.of("google", "corp")))
			.withMessage("simplelogin.access.registrations.gogle names no configured provider [google, corp]");
	}

	@Test
	void rulesForConfiguredProvidersAreAccepted() {
		AccessPolicy policy = new AccessPolicy(
				properties(Set.of(), Set.of(), Map.of("google", registration(Set.of("corp.example"), Set.of()))));

		policy.requireKnownRegistrations(List.of("google", "corp"));

		assertThat(policy.hostedDomainHint("google")).isEmpty();
	}

	@Test
	void domainWrittenAsAnAddressStopsTheStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new AccessPolicy(properties(Set.of("@corp.example"), Set.of(), Map.of())))
			.withMessageContaining("'@corp.example' is not a domain");
	}

	@Test
	void addressWithoutAnAtStopsTheStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new AccessPolicy(properties(Set.of(), Set.of("corp.example"), Map.of())))
			.withMessageContaining("'corp.example' is not an e-mail address");
	}

	@Test
	void hostedDomainHintIsTheOneDomainLowerCased() {
		AccessPolicy policy = new AccessPolicy(
				properties(Set.of(), Set.of(), Map.of("google", registration(Set.of(), Set.of("Corp.Example")))));

		assertThat(policy.hostedDomainHint("google")).contains("corp.example");
		assertThat(policy.hostedDomainHint("other")).isEmpty();
	}

	private static AccessProperties properties(Set<String> domains, Set<String> emails,
			Map<String, AccessProperties.Registration> registrations) {
		return new AccessProperties(emails, domains, Set.of(), Map.of(), registrations);
	}

	private static AccessProperties.Registration registration(Set<String> domains, Set<String> hostedDomains) {
		return new AccessProperties.Registration(Set.of(), domains, hostedDomains, Map.of(), false);
	}

}
