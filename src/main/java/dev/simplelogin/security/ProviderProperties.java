package dev.simplelogin.security;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the app talks to OpenID providers.
 *
 * @param connectTimeout how long to wait for a connection to the provider
 * @param readTimeout how long to wait for each answer of the provider (discovery, token,
 * userinfo, signing keys)
 * @param registration the app's own settings for a registration, by registration id (the
 * id of {@code spring.security.oauth2.client.registration.<id>})
 */
@ConfigurationProperties("simplelogin.provider")
record ProviderProperties(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
		@DefaultValue Map<String, Registration> registration) {

	/**
	 * Whether signing out of the app also signs out at this registration's provider.
	 * @param registrationId the registration id
	 * @return {@code true} unless the registration opts out
	 */
	boolean providerLogout(String registrationId) {
		Registration settings = this.registration.get(registrationId);
		return settings == null || settings.providerLogout();
	}

	/**
	 * The app's settings for one registration.
	 *
	 * @param providerLogout whether signing out sends the browser on to the provider's
	 * {@code end_session_endpoint}, where the provider offers one
	 */
	record Registration(@DefaultValue("true") boolean providerLogout) {
	}

}
