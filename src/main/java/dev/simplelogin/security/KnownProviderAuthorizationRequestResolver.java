package dev.simplelogin.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.simplelogin.security.access.AccessPolicy;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Spring Security's authorization requests (with state, nonce and PKCE, which Spring
 * Security 7 sends for every authorization-code client), except that a provider id that
 * is not registered resolves to nothing: {@code /oauth2/authorization/nonsense} goes on
 * to the sign-in page or a 404 instead of the 500 that Spring Security's filter sends for
 * it. A provider that is configured but whose discovery has not succeeded yet is refused
 * with {@link ProviderUnavailableException}, which ends on the sign-in page with a
 * sentence.
 * <p>
 * Two hints for the provider: {@code hd} when the access rules allow exactly one Google
 * Workspace domain (it pre-selects an account there; the ID token's {@code hd} is what is
 * checked), and, for a sign-in started with {@code ?prompt=select_account} (the refusal
 * page's "Use another account"), a prompt to choose an account: {@code select_account}
 * where the provider supports it, else {@code login}, which lets the person sign in
 * afresh.
 */
final class KnownProviderAuthorizationRequestResolver implements OAuth2AuthorizationRequestResolver {

	private static final PathPatternRequestMatcher AUTHORIZATION_REQUEST = PathPatternRequestMatcher.withDefaults()
		.matcher(OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/{registrationId}");

	private static final String GOOGLE_ISSUER = "https://accounts.google.com";

	private static final String SELECT_ACCOUNT = "select_account";

	private final DefaultOAuth2AuthorizationRequestResolver delegate;

	private final ProviderRegistrations registrations;

	private final AccessPolicy access;

	KnownProviderAuthorizationRequestResolver(ProviderRegistrations registrations, AccessPolicy access) {
		this.delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations,
				OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		this.registrations = registrations;
		this.access = access;
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
		String registrationId = AUTHORIZATION_REQUEST.matcher(request).getVariables().get("registrationId");
		if (registrationId != null && this.registrations.isUnavailable(registrationId)) {
			throw new ProviderUnavailableException(registrationId);
		}
		try {
			return withHints(request, this.delegate.resolve(request));
		}
		catch (IllegalArgumentException unknownProvider) {
			return null;
		}
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
		try {
			return withHints(request, this.delegate.resolve(request, clientRegistrationId));
		}
		catch (IllegalArgumentException unknownProvider) {
			return null;
		}
	}

	private @Nullable OAuth2AuthorizationRequest withHints(HttpServletRequest request,
			@Nullable OAuth2AuthorizationRequest resolved) {
		if (resolved == null) {
			return null;
		}
		String registrationId = resolved.getAttribute(OAuth2ParameterNames.REGISTRATION_ID);
		Map<String, Object> hints = new LinkedHashMap<>();
		this.access.hostedDomainHint(registrationId).ifPresent((domain) -> hints.put("hd", domain));
		if (SELECT_ACCOUNT.equals(request.getParameter("prompt"))) {
			hints.put("prompt", choosesAccounts(this.registrations.findByRegistrationId(registrationId))
					? SELECT_ACCOUNT : "login");
		}
		return hints.isEmpty() ? resolved
				: OAuth2AuthorizationRequest.from(resolved)
					.additionalParameters((parameters) -> parameters.putAll(hints))
					.build();
	}

	// Google supports it without saying so in its discovery document; others say so
	// there.
	private static boolean choosesAccounts(@Nullable ClientRegistration registration) {
		if (registration == null) {
			return false;
		}
		ClientRegistration.ProviderDetails provider = registration.getProviderDetails();
		return GOOGLE_ISSUER.equals(provider.getIssuerUri())
				|| (provider.getConfigurationMetadata().get("prompt_values_supported") instanceof List<?> values
						&& values.contains(SELECT_ACCOUNT));
	}

}
