package dev.simplelogin.security;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The sign-in buttons, for the templates ({@code ${@signInProviders.all()}}).
 */
@Component("signInProviders")
public class SignInProviders {

	private static final Comparator<Provider> GOOGLE_FIRST = Comparator
		.comparing((Provider provider) -> !provider.google())
		.thenComparing(Provider::name);

	private final ProviderRegistrations registrations;

	SignInProviders(ProviderRegistrations registrations) {
		this.registrations = registrations;
	}

	// Read on every page: a provider that was unavailable may be back.
	public List<Provider> all() {
		return this.registrations.states()
			.stream()
			.map((state) -> new Provider(state.id(), state.name(), state.available()))
			.sorted(GOOGLE_FIRST)
			.toList();
	}

	/**
	 * One provider a person may sign in with.
	 *
	 * @param id the registration id
	 * @param name the name to show on the button
	 * @param available whether its sign-in can start now (its OpenID configuration is
	 * known)
	 */
	public record Provider(String id, String name, boolean available) {

		public String signInPath() {
			return "/oauth2/authorization/" + this.id;
		}

		public boolean google() {
			return "google".equals(this.id);
		}

	}

}
