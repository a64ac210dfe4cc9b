package dev.simplelogin.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtIssuedAtValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestOperations;

/**
 * One ID-token decoder per provider, kept for the life of the app.
 * <p>
 * Spring Security's {@link OidcIdTokenDecoderFactory} builds a new decoder, and so
 * fetches the provider's signing keys again, on every sign-in, with a client that has
 * none of our timeouts. A kept decoder caches the keys and refetches them only when a
 * token names a key it does not know (the provider rotated its keys) or the cache ages
 * out. The checks are the ones Spring Security's factory applies: signature (RS256),
 * type, timestamps and the OpenID claims (issuer, audience, authorized party, nonce),
 * plus an ID token issued more than five minutes ago is refused.
 */
final class CachingIdTokenDecoderFactory implements JwtDecoderFactory<ClientRegistration> {

	private static final Duration MAX_ID_TOKEN_AGE = Duration.ofMinutes(5);

	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	private final RestOperations keyClient;

	CachingIdTokenDecoderFactory(RestOperations keyClient) {
		this.keyClient = keyClient;
	}

	@Override
	public JwtDecoder createDecoder(ClientRegistration registration) {
		return this.decoders.computeIfAbsent(registration.getRegistrationId(), (id) -> build(registration));
	}

	// Beyond the spec: an ID token is used at once, so one issued long ago is a replay.
	// (The OpenID validator already refuses one issued more than 60 s in the future.)
	private static JwtIssuedAtValidator issuedRecently() {
		JwtIssuedAtValidator validator = new JwtIssuedAtValidator(true);
		validator.setClockSkew(MAX_ID_TOKEN_AGE);
		return validator;
	}

	private JwtDecoder build(ClientRegistration registration) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.restOperations(this.keyClient)
			.build();
		// JwtValidators' defaults, listed so that each is named; the
		// certificate-thumbprint check of access tokens bound to a client certificate has
		// no part in an ID token.
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(IdTokenCheck.TYPE.of(JwtTypeValidator.jwt()),
				IdTokenCheck.TIMES.of(new JwtTimestampValidator()),
				IdTokenCheck.CLAIMS.of(new OidcIdTokenValidator(registration)),
				IdTokenCheck.ISSUED_RECENTLY.of(issuedRecently())));
		decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
		return decoder;
	}

}
