package dev.simplelogin.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.config.oauth2.client.CommonOAuth2Provider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthenticationMethod;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Builds the client registrations: Google from its environment credentials, every other
 * provider from the standard {@code spring.security.oauth2.client.*} properties.
 * <p>
 * Boot's own mapper would do the latter, but it discovers issuers through Spring
 * Security's fixed 30-second client, at start, and it keeps a registration without
 * scopes, which Spring Security then runs as plain OAuth2, skipping every ID-token check.
 * Here a mistake in the configuration stops the start, while discovery waits for
 * {@link ProviderRegistrations} to ask: it uses the configured provider timeouts, and a
 * provider that cannot be reached does not keep the app from starting. Every registration
 * asks for {@code openid}, and one without an issuer or signing keys is refused.
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
		List<ConfiguredProvider> providers = new ArrayList<>();
		if (this.google.configured() && this.properties.getRegistration().containsKey("google")) {
			throw new IllegalStateException("Google is configured twice: use either GOOGLE_CLIENT_ID and "
					+ "GOOGLE_CLIENT_SECRET or spring.security.oauth2.client.registration.google, not both");
		}
		if (this.google.configured()) {
			ClientRegistration google = withOpenId(CommonOAuth2Provider.GOOGLE.getBuilder("google")
				.redirectUri(this.redirectUri)
				.clientId(this.google.clientId())
				.clientSecret(this.google.clientSecret())
				.build());
			providers.add(new ConfiguredProvider("google", google.getClientName(), () -> google));
		}
		this.properties.getRegistration().forEach((id, registration) -> providers.add(configured(id, registration)));
		if (providers.isEmpty()) {
			throw new NoSignInProviderException();
		}
		return providers;
	}

	// A provider known to Spring Security (no discovery) is built and checked now; one
	// with
	// an issuer is checked as far as it can be without asking it.
	private ConfiguredProvider configured(String id, OAuth2ClientProperties.Registration registration) {
		String providerId = (registration.getProvider() != null) ? registration.getProvider() : id;
		OAuth2ClientProperties.Provider provider = this.properties.getProvider().get(providerId);
		String name = StringUtils.hasText(registration.getClientName()) ? registration.getClientName() : id;
		if (provider != null && StringUtils.hasText(provider.getIssuerUri())) {
			String issuer = requireWebAddress(id, provider.getIssuerUri());
			return new ConfiguredProvider(id, name,
					() -> withOpenId(fromProperties(ClientRegistrations.fromOidcConfiguration(discover(issuer))
						.registrationId(id)
						.redirectUri(this.redirectUri), provider, registration)));
		}
		CommonOAuth2Provider common = commonProvider(providerId);
		if (common == null) {
			throw new IllegalStateException(
					("Registration '%s' needs spring.security.oauth2.client.provider.%s.issuer-uri: "
							+ "sign-in is OpenID Connect, and ID tokens are checked against their issuer")
						.formatted(id, providerId));
		}
		ClientRegistration known = withOpenId(
				fromProperties(common.getBuilder(id).redirectUri(this.redirectUri), provider, registration));
		return new ConfiguredProvider(id, name, () -> known);
	}

	private static ClientRegistration fromProperties(ClientRegistration.Builder builder,
			OAuth2ClientProperties.@Nullable Provider provider, OAuth2ClientProperties.Registration registration) {
		PropertyMapper map = PropertyMapper.get();
		if (provider != null) {
			map.from(provider::getAuthorizationUri).to(builder::authorizationUri);
			map.from(provider::getTokenUri).to(builder::tokenUri);
			map.from(provider::getUserInfoUri).to(builder::userInfoUri);
			map.from(provider::getUserInfoAuthenticationMethod)
				.as(AuthenticationMethod::new)
				.to(builder::userInfoAuthenticationMethod);
			map.from(provider::getJwkSetUri).to(builder::jwkSetUri);
			map.from(provider::getUserNameAttribute).to(builder::userNameAttributeName);
		}
		map.from(registration::getClientId).to(builder::clientId);
		map.from(registration::getClientSecret).to(builder::clientSecret);
		map.from(registration::getClientAuthenticationMethod)
			.as(ClientAuthenticationMethod::new)
			.to(builder::clientAuthenticationMethod);
		map.from(registration::getAuthorizationGrantType)
			.as(AuthorizationGrantType::new)
			.to(builder::authorizationGrantType);
		map.from(registration::getRedirectUri).to(builder::redirectUri);
		map.from(registration::getScope).to(builder::scope);
		map.from(registration::getClientName).to(builder::clientName);
		return builder.build();
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
					+ "and signing keys (jwk-set-uri)")
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

	private static @Nullable CommonOAuth2Provider commonProvider(String providerId) {
		for (CommonOAuth2Provider provider : CommonOAuth2Provider.values()) {
			if (provider.name().equalsIgnoreCase(providerId)) {
				return provider;
			}
		}
		return null;
	}

}
