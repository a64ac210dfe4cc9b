package dev.simplelogin.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.simplelogin.testsupport.HostileProvider.Signing;

/**
 * A logout token that must end no session: forged, too old or too new, an ID token passed
 * off as one, or naming a provider session nobody has. The back-channel logout tests on
 * H2 and on PostgreSQL take their tokens from here, so that both try the same ones.
 *
 * @param name what is wrong with it, as the test reports it
 * @param change what differs from an honest token's claims ({@code null} removes a claim)
 * @param type the {@code typ} header, or {@code null} for none
 * @param signing how it is signed
 */
public record HostileLogoutToken(String name, Consumer<Map<String, Object>> change, String type, Signing signing) {

	public static final HostileLogoutToken BAD_SIGNATURE = signed("a bad signature", Signing.BAD_SIGNATURE);

	public static final HostileLogoutToken WRONG_AUDIENCE = claims("wrong aud",
			(claims) -> claims.put("aud", List.of("someone-else")));

	public static final HostileLogoutToken NONCE_PRESENT = claims("nonce present",
			(claims) -> claims.put("nonce", "n-0S6_WzA2Mj"));

	/**
	 * Honest but for a provider session that no session here began in: answered 200, as
	 * the specification asks of a valid token, and ends nothing.
	 */
	public static final HostileLogoutToken UNKNOWN_SID = claims("an unknown sid",
			(claims) -> claims.put("sid", "sid-nobody-has"));

	/**
	 * Every token the app must refuse with a 400.
	 * @return the tokens
	 */
	public static List<HostileLogoutToken> refused() {
		return List.of(BAD_SIGNATURE, signed("a key not in the provider's JWKS", Signing.UNKNOWN_KEY),
				signed("alg none", Signing.NONE), WRONG_AUDIENCE,
				claims("wrong iss", (claims) -> claims.put("iss", "http://evil.example")),
				claims("missing events", (claims) -> claims.put("events", null)),
				claims("events without the back-channel event",
						(claims) -> claims.put("events", Map.of("http://schemas.openid.net/event/other", Map.of()))),
				claims("events as a string",
						(claims) -> claims.put("events", HostileProvider.BACK_CHANNEL_LOGOUT_EVENT)),
				NONCE_PRESENT,
				claims("iat 7 minutes old", (claims) -> claims.put("iat", fromNow(Duration.ofMinutes(-7)))),
				claims("iat 2 minutes in the future", (claims) -> claims.put("iat", fromNow(Duration.ofMinutes(2)))),
				claims("missing iat", (claims) -> claims.put("iat", null)),
				claims("exp in the past", (claims) -> claims.put("exp", fromNow(Duration.ofMinutes(-2)))),
				claims("missing jti", (claims) -> claims.put("jti", null)),
				claims("neither sub nor sid", (claims) -> claims.put("sub", null)),
				new HostileLogoutToken("an access token's typ", (claims) -> {
				}, "at+jwt", Signing.HONEST));
	}

	/**
	 * The token, made now by the provider, for a person.
	 * @param provider the provider that issues it
	 * @param subject its {@code sub} (unless this token removes it)
	 * @return the serialized token
	 */
	public String from(HostileProvider provider, String subject) {
		return provider.logoutToken((claims) -> {
			claims.put("sub", subject);
			this.change.accept(claims);
		}, this.type, this.signing);
	}

	@Override
	public String toString() {
		return this.name;
	}

	private static HostileLogoutToken claims(String name, Consumer<Map<String, Object>> change) {
		return new HostileLogoutToken(name, change, "logout+jwt", Signing.HONEST);
	}

	private static HostileLogoutToken signed(String name, Signing signing) {
		return new HostileLogoutToken(name, (claims) -> {
		}, "logout+jwt", signing);
	}

	// Read when the token is made, not when the list is.
	private static Date fromNow(Duration offset) {
		return Date.from(Instant.now().plus(offset));
	}

}
