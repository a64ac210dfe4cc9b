package dev.simplelogin.security;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The app's own settings for each sign-in provider, beside Spring Security's
 * {@code spring.security.oauth2.client.registration.<id>}.
 *
 * @param providers by registration id ({@code simplelogin.providers.<id>.*}); entries for
 * providers that are not configured are ignored
 */
@ConfigurationProperties("simplelogin")
record ProviderSettings(@DefaultValue Map<String, Provider> providers) {

	/**
	 * Whether signing out of the app also signs out at this registration's provider.
	 * @param registrationId the registration id
	 * @return {@code true} unless the registration opts out
	 */
	boolean providerLogout(String registrationId) {
		Provider settings = this.providers.get(registrationId);
		return settings == null || settings.providerLogout();
	}

	/**
	 * One provider's settings.
	 *
	 * @param pictureHosts origins ({@code https://images.example.com}, a bare host name
	 * meaning https) whose pictures the pages show; unset, Google's image host for the
	 * {@code google} registration and none for the others; empty, none
	 * @param providerLogout whether signing out sends the browser on to the provider's
	 * {@code end_session_endpoint}, where the provider offers one
	 */
	record Provider(@Nullable List<String> pictureHosts, @DefaultValue("true") boolean providerLogout) {
	}

}
