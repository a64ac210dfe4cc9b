package dev.simplelogin.security.logout;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestOperations;

/**
 * One logout-token decoder per provider, kept for the life of the app, as the ID-token
 * decoders are: RS256 signatures against the provider's signing keys, fetched through the
 * app's provider client (with its timeouts) and cached, refetched when a token names a
 * key the cache does not know.
 * <p>
 * Spring Security 7.0's {@code oidcLogout().backChannel()} builds a new decoder, with a
 * client without timeouts, for every logout token (so every anonymous POST with a
 * well-formed JWT makes the app fetch the keys), and lets neither that nor its checks be
 * changed (spring-security#16545, #15273). This class and {@link BackChannelLogoutFilter}
 * take its place.
 */
public final class LogoutTokenDecoders {

	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	private final RestOperations keyClient;

	private final Clock clock;

	/**
	 * Decoders that fetch signing keys through this client.
	 * @param keyClient the client for the providers' key sets, with the app's timeouts
	 */
	public LogoutTokenDecoders(RestOperations keyClient) {
		this(keyClient, Clock.systemUTC());
	}

	LogoutTokenDecoders(RestOperations keyClient, Clock clock) {
		this.keyClient = keyClient;
		this.clock = clock;
	}

	/**
	 * Verifies a logout token's signature and claims.
	 * @param registration the provider it claims to come from
	 * @param token the serialized token
	 * @return the verified token
	 * @throws JwtException when it is not a valid logout token of that provider
	 * ({@code BadJwtException}), or the provider's keys cannot be fetched
	 */
	Jwt decode(ClientRegistration registration, String token) {
		return this.decoders.computeIfAbsent(registration.getRegistrationId(), (id) -> build(registration))
			.decode(token);
	}

	private JwtDecoder build(ClientRegistration registration) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.restOperations(this.keyClient)
			.build();
		decoder.setJwtValidator(LogoutTokenChecks.of(registration, this.clock));
		decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
		return decoder;
	}

}
