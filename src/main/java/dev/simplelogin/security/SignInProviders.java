package dev.simplelogin.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.stereotype.Component;

/**
 * The sign-in buttons, for the templates ({@code ${@signInProviders.all()}}).
 */
@Component("signInProviders")
public class SignInProviders {

	private static final Comparator<Provider> GOOGLE_FIRST = Comparator.comparing((Provider provider) -> !provider.google())
		.thenComparing(Provider::name);

	private final List<Provider> providers;

	SignInProviders(InMemoryClientRegistrationRepository registrations) {
		List<Provider> providers = new ArrayList<>();
		for (ClientRegistration registration : registrations) {
			providers.add(new Provider(registration.getRegistrationId(), registration.getClientName()));
		}
		providers.sort(GOOGLE_FIRST);
		this.providers = List.copyOf(providers);
	}

	public List<Provider> all() {
		return this.providers;
	}

	/**
	 * One provider a person may sign in with.
	 *
	 * @param id the registration id
	 * @param name the name to show on the button
	 */
	public record Provider(String id, String name) {

		public String signInPath() {
			return "/oauth2/authorization/" + this.id;
		}

		public boolean google() {
			return "google".equals(this.id);
		}

	}

}
