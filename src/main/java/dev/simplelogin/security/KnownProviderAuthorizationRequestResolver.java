package dev.simplelogin.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Spring Security's authorization requests (with state, nonce and PKCE, which Spring
 * Security 7 sends for every authorization-code client), except that a provider id that
 * is not registered resolves to nothing: {@code /oauth2/authorization/nonsense} goes on
 * to the sign-in page or a 404 instead of the 500 that Spring Security's filter sends for
 * it. A provider that is configured but whose discovery has not succeeded yet is refused
 * with {@link ProviderUnavailableException}, which ends on the sign-in page with a
 * sentence.
 */
final class KnownProviderAuthorizationRequestResolver implements OAuth2AuthorizationRequestResolver {

	private static final PathPatternRequestMatcher AUTHORIZATION_REQUEST = PathPatternRequestMatcher.withDefaults()
		.matcher(OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/{registrationId}");

	private final DefaultOAuth2AuthorizationRequestResolver delegate;

	private final ProviderRegistrations registrations;

	KnownProviderAuthorizationRequestResolver(ProviderRegistrations registrations) {
		this.delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations,
				OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		this.registrations = registrations;
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
		String registrationId = AUTHORIZATION_REQUEST.matcher(request).getVariables().get("registrationId");
		if (registrationId != null && this.registrations.isUnavailable(registrationId)) {
			throw new ProviderUnavailableException(registrationId);
		}
		try {
			return this.delegate.resolve(request);
		}
		catch (IllegalArgumentException unknownProvider) {
			return null;
		}
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
		try {
			return this.delegate.resolve(request, clientRegistrationId);
		}
		catch (IllegalArgumentException unknownProvider) {
			return null;
		}
	}

}
