package dev.simplelogin.security.logout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.util.StringUtils;

/**
 * What a logout token must show besides its signature (Back-Channel Logout 1.0, 2.6): the
 * checks of Spring Security's {@code OidcBackChannelLogoutTokenValidator}
 * (package-private there), plus an {@code iat} as fresh as an ID token's and a
 * back-channel event that is a JSON object. Each failure is one fixed sentence, never
 * text from the token.
 */
final class LogoutTokenChecks implements OAuth2TokenValidator<Jwt> {

	static final String BACK_CHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/**
	 * The ID tokens' policy: at most five minutes old, at most 60 s ahead of our clock.
	 */
	static final Duration MAX_AGE = Duration.ofMinutes(5);

	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private final String issuer;

	private final String clientId;

	private final Clock clock;

	private LogoutTokenChecks(ClientRegistration registration, Clock clock) {
		this.issuer = registration.getProviderDetails().getIssuerUri();
		this.clientId = registration.getClientId();
		this.clock = clock;
	}

	/**
	 * Every check of a logout token from a provider.
	 * @param registration the provider's registration
	 * @param clock the time
	 * @return the checks
	 */
	static OAuth2TokenValidator<Jwt> of(ClientRegistration registration, Clock clock) {
		// logout+jwt is what the spec asks providers for; plain JWT (or none) is what
		// many send.
		JwtTypeValidator type = new JwtTypeValidator("logout+jwt", "JWT");
		type.setAllowEmpty(true);
		JwtTimestampValidator times = new JwtTimestampValidator(CLOCK_SKEW);
		times.setClock(clock);
		return new DelegatingOAuth2TokenValidator<>(type, times, new LogoutTokenChecks(registration, clock));
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		List<String> failures = new ArrayList<>();
		if (!(jwt.getClaims().get("events") instanceof Map<?, ?> events
				&& events.get(BACK_CHANNEL_LOGOUT_EVENT) instanceof Map)) {
			failures.add("events claim must hold the back-channel logout event");
		}
		if (!this.issuer.equals(jwt.getClaimAsString("iss"))) {
			failures.add("iss claim must be the provider's issuer");
		}
		if (jwt.getAudience() == null || !jwt.getAudience().contains(this.clientId)) {
			failures.add("aud claim must include the client id");
		}
		if (!issuedRecently(jwt.getIssuedAt())) {
			failures.add("iat claim must be at most 5 minutes old and not in the future");
		}
		if (!StringUtils.hasText(jwt.getId())) {
			failures.add("jti claim is required");
		}
		if (!StringUtils.hasText(jwt.getSubject()) && !StringUtils.hasText(jwt.getClaimAsString("sid"))) {
			failures.add("sub or sid claim is required");
		}
		if (jwt.hasClaim("nonce")) {
			failures.add("nonce claim must not be present");
		}
		return OAuth2TokenValidatorResult.failure(failures.stream()
			.map((failure) -> new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, failure,
					"https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation"))
			.toList());
	}

	private boolean issuedRecently(Instant issuedAt) {
		Instant now = this.clock.instant();
		return issuedAt != null && !issuedAt.isBefore(now.minus(MAX_AGE)) && !issuedAt.isAfter(now.plus(CLOCK_SKEW));
	}

}
