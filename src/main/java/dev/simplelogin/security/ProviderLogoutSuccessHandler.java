package dev.simplelogin.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.util.UriUtils;

/**
 * Where the browser goes once the app's session has ended (Spring Security runs the
 * logout handlers first). When the person's provider names an
 * {@code end_session_endpoint} in its discovery document and the registration does not
 * opt out, Spring Security's handler sends the browser there (OpenID Connect RP-Initiated
 * Logout) with the ID token as {@code id_token_hint} and the signed-out home page as
 * {@code post_logout_redirect_uri}; this adds {@code client_id}, which Spring Security
 * 7.0 leaves out and some providers ask for. Everyone else goes to the signed-out home
 * page.
 */
final class ProviderLogoutSuccessHandler extends OidcClientInitiatedLogoutSuccessHandler {

	static final String SIGNED_OUT = "/?logout";

	private final ClientRegistrationRepository registrations;

	private final ProviderSettings settings;

	ProviderLogoutSuccessHandler(ClientRegistrationRepository registrations, ProviderSettings settings,
			SiteProperties site) {
		super(registrations);
		this.registrations = registrations;
		this.settings = settings;
		setDefaultTargetUrl(SIGNED_OUT);
		setPostLogoutRedirectUri(site.postLogoutRedirectUriTemplate());
	}

	@Override
	protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) {
		ClientRegistration registration = (authentication instanceof OAuth2AuthenticationToken signIn)
				? this.registrations.findByRegistrationId(signIn.getAuthorizedClientRegistrationId()) : null;
		if (registration == null || endSessionOrigin(registration, this.settings) == null) {
			return SIGNED_OUT;
		}
		// Spring Security's URL always has a query (id_token_hint).
		return super.determineTargetUrl(request, response, authentication) + "&client_id="
				+ UriUtils.encodeQueryParam(registration.getClientId(), StandardCharsets.UTF_8);
	}

	/**
	 * The origin that signing out sends the browser to, for the pages' content security
	 * policy.
	 * @param registration a registration
	 * @param settings the app's settings for registrations
	 * @return the origin of its {@code end_session_endpoint} ({@code https://host:port}),
	 * or {@code null} when signing out stays in the app
	 */
	static @Nullable String endSessionOrigin(ClientRegistration registration, ProviderSettings settings) {
		if (!settings.providerLogout(registration.getRegistrationId()) || !(registration.getProviderDetails()
			.getConfigurationMetadata()
			.get("end_session_endpoint") instanceof String endpoint)) {
			return null;
		}
		try {
			URI uri = new URI(endpoint);
			if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
				return null;
			}
			return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
