package dev.simplelogin.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Builds the client registrations: Google from its environment credentials, every other
 * provider from the standard {@code spring.security.oauth2.client.*} properties, mapped
 * by Boot's own {@link OAuth2ClientPropertiesMapper}.
 * <p>
 * What is the app's own: a mistake in the configuration stops the start, while discovery
 * waits for {@link ProviderRegistrations} to ask. Boot's mapper would discover issuers at
 * start, through Spring Security's fixed 30-second client; here the discovery document is
 * read with the configured provider timeouts, and its endpoints are handed to Boot's
 * mapper as if they had been configured (what is configured still wins). A provider that
 * cannot be reached does not keep the app from starting. Every registration asks for
 * {@code openid}, since without it Spring Security runs plain OAuth2 and skips every
 * ID-token check, and one without an issuer or signing keys is refused.
 */
final class OpenIdRegistrations {

	private static final Log logger = LogFactory.getLog(OpenIdRegistrations.class);

	private static final List<String> DEFAULT_SCOPES = List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final OAuth2ClientProperties properties;

	private final GoogleProperties google;

	private final RestClient discovery;

	private final String redirectUri;

	OpenIdRegistrations(OAuth2ClientProperties properties, GoogleProperties google, SiteProperties site,
			RestClient discovery) {
		this.properties = properties;
		this.google = google;
		this.discovery = discovery;
		this.redirectUri = site.redirectUriTemplate();
	}

	/**
	 * Checks the configuration and says how to make each provider's registration.
	 * @return one entry per configured provider
	 * @throws IllegalStateException when the configuration is wrong
	 * @throws NoSignInProviderException when no provider is configured
	 */
	List<ConfiguredProvider> build() {
		Map<String, OAuth2ClientProperties.Registration> registrations = new LinkedHashMap<>();
		if (this.google.configured()) {
			if (this.properties.getRegistration().containsKey("google")) {
				throw new IllegalStateException("Google is configured twice: use either GOOGLE_CLIENT_ID and "
						+ "GOOGLE_CLIENT_SECRET or spring.security.oauth2.client.registration.google, not both");
			}
			OAuth2ClientProperties.Registration google = new OAuth2ClientProperties.Registration();
			google.setClientId(this.google.clientId());
			google.setClientSecret(this.google.clientSecret());
			registrations.put("google", google);
		}
		registrations.putAll(this.properties.getRegistration());
		if (registrations.isEmpty()) {
			throw new NoSignInProviderException();
		}
		List<ConfiguredProvider> providers = new ArrayList<>();
		registrations.forEach((id, registration) -> providers.add(configured(id, registration)));
		return providers;
	}

	// A provider known to Spring Security or configured with every endpoint is built and
	// checked now; one with an issuer is checked as far as it can be without asking it.
	private ConfiguredProvider configured(String id, OAuth2ClientProperties.Registration registration) {
		String providerId = (registration.getProvider() != null) ? registration.getProvider() : id;
		OAuth2ClientProperties.Provider provider = this.properties.getProvider().get(providerId);
		String name = StringUtils.hasText(registration.getClientName()) ? registration.getClientName() : id;
		if (provider != null && StringUtils.hasText(provider.getIssuerUri())) {
			String issuer = requireWebAddress(id, provider.getIssuerUri());
			return new ConfiguredProvider(id, name, () -> discovered(id, registration, providerId, provider, issuer));
		}
		ClientRegistration known = withOpenId(map(id, registration, this.properties.getProvider()));
		return new ConfiguredProvider(id, name, () -> known);
	}

	private ClientRegistration discovered(String id, OAuth2ClientProperties.Registration registration,
			String providerId, OAuth2ClientProperties.Provider configured, String issuer) {
		Map<String, Object> metadata = discover(issuer);
		OAuth2ClientProperties.Provider endpoints = new OAuth2ClientProperties.Provider();
		endpoints.setAuthorizationUri(either(configured.getAuthorizationUri(), metadata, "authorization_endpoint"));
		endpoints.setTokenUri(either(configured.getTokenUri(), metadata, "token_endpoint"));
		endpoints.setJwkSetUri(either(configured.getJwkSetUri(), metadata, "jwks_uri"));
		endpoints.setUserInfoUri(either(configured.getUserInfoUri(), metadata, "userinfo_endpoint"));
		endpoints.setUserInfoAuthenticationMethod(configured.getUserInfoAuthenticationMethod());
		endpoints.setUserNameAttribute(StringUtils.hasText(configured.getUserNameAttribute())
				? configured.getUserNameAttribute() : IdTokenClaimNames.SUB);
		ClientRegistration mapped = map(id, registration, Map.of(providerId, endpoints));
		ClientRegistration.Builder builder = ClientRegistration.withClientRegistration(mapped)
			.issuerUri(issuer)
			.providerConfigurationMetadata(metadata);
		if (registration.getClientAuthenticationMethod() == null && postOnly(metadata)) {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		return withOpenId(builder.build());
	}

	// Without the list, a provider accepts client_secret_basic (OpenID Connect Discovery
	// 1.0, section 3), which is also Spring Security's default.
	private static boolean postOnly(Map<String, Object> metadata) {
		return metadata.get("token_endpoint_auth_methods_supported") instanceof List<?> methods
				&& !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue())
				&& methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue());
	}

	private static @Nullable String either(@Nullable String configured, Map<String, Object> metadata, String name) {
		return (configured != null) ? configured : (metadata.get(name) instanceof String value) ? value : null;
	}

	// Boot's mapper, for one registration. Sign-in is always the authorization code flow,
	// and the redirect URI follows simplelogin.base-url unless the registration names its
	// own.
	private ClientRegistration map(String id, OAuth2ClientProperties.Registration registration,
			Map<String, OAuth2ClientProperties.Provider> providers) {
		OAuth2ClientProperties one = new OAuth2ClientProperties();
		OAuth2ClientProperties.Registration copy = new OAuth2ClientProperties.Registration();
		PropertyMapper map = PropertyMapper.get();
		map.from(registration::getProvider).to(copy::setProvider);
		map.from(registration::getClientId).to(copy::setClientId);
		map.from(registration::getClientSecret).to(copy::setClientSecret);
		map.from(registration::getClientAuthenticationMethod).to(copy::setClientAuthenticationMethod);
		copy.setAuthorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE.getValue());
		map.from(registration::getAuthorizationGrantType).to(copy::setAuthorizationGrantType);
		map.from(registration::getScope).to(copy::setScope);
		map.from(registration::getClientName).to(copy::setClientName);
		copy.setRedirectUri(
				StringUtils.hasText(registration.getRedirectUri()) ? registration.getRedirectUri() : this.redirectUri);
		one.getRegistration().put(id, copy);
		one.getProvider().putAll(providers);
		return new OAuth2ClientPropertiesMapper(one).asClientRegistrations().get(id);
	}

	// A mistake in the address is the configuration's, and no retry mends it.
	private static String requireWebAddress(String id, String issuer) {
		try {
			URI uri = new URI(issuer);
			if (uri.isAbsolute() && uri.getHost() != null
					&& ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
				return issuer;
			}
		}
		catch (URISyntaxException ex) {
			// Said below.
		}
		throw new IllegalStateException(
				"Registration '%s' has an issuer-uri that is not an http(s) address: %s".formatted(id, issuer));
	}

	private Map<String, Object> discover(String issuer) {
		URI uri = URI.create(issuer);
		URI configuration = UriComponentsBuilder.fromUri(uri)
			.replacePath(uri.getPath() + "/.well-known/openid-configuration")
			.build(Collections.emptyMap());
		Map<String, Object> metadata = this.discovery.get().uri(configuration).retrieve().body(JSON_OBJECT);
		if (metadata == null || !issuer.equals(metadata.get("issuer"))) {
			throw new IllegalStateException(
					"The OpenID configuration at %s does not name the issuer %s".formatted(configuration, issuer));
		}
		return metadata;
	}

	// Without an issuer Spring Security skips the iss check; without keys, the signature
	// check.
	private static ClientRegistration withOpenId(ClientRegistration registration) {
		if (!StringUtils.hasText(registration.getProviderDetails().getIssuerUri())
				|| !StringUtils.hasText(registration.getProviderDetails().getJwkSetUri())) {
			throw new IllegalStateException(("Registration '%s' is not an OpenID Connect provider: it needs an issuer "
					+ "(spring.security.oauth2.client.provider.<id>.issuer-uri) and signing keys (jwk-set-uri)")
				.formatted(registration.getRegistrationId()));
		}
		Set<String> scopes = new LinkedHashSet<>();
		if (registration.getScopes() != null) {
			scopes.addAll(registration.getScopes());
		}
		if (scopes.isEmpty()) {
			scopes.addAll(DEFAULT_SCOPES);
		}
		else if (scopes.add(OidcScopes.OPENID)) {
			logger.info("Added the 'openid' scope to registration '%s': sign-in is always OpenID Connect"
				.formatted(registration.getRegistrationId()));
		}
		return ClientRegistration.withClientRegistration(registration).scope(scopes).build();
	}

}
