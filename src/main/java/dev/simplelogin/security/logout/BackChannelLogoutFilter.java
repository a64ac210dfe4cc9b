package dev.simplelogin.security.logout;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import dev.simplelogin.session.SessionEvent;
import dev.simplelogin.session.SessionKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The back-channel logout endpoint, {@code POST
 * /logout/connect/back-channel/{registrationId}} with a {@code logout_token}
 * (Back-Channel Logout 1.0, 2.5): at Spring Security's path, answered before the CSRF and
 * access checks and without a session, as its {@code OidcBackChannelLogoutFilter} is. 200
 * when the token was valid (whether or not a session matched); 400 with
 * {@code invalid_request} when it was not; the security headers' {@code Cache-Control}
 * carries {@code no-store}.
 */
final class BackChannelLogoutFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(BackChannelLogoutFilter.class);

	private static final String VALIDATION = "https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation";

	private final RequestMatcher endpoint = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, "/logout/connect/back-channel/{registrationId}");

	private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

	private final ClientRegistrationRepository registrations;

	private final LogoutTokenDecoders decoders;

	private final LogoutTokenReplays replays;

	private final ProviderSessions sessions;

	private final ApplicationEventPublisher events;

	BackChannelLogoutFilter(ClientRegistrationRepository registrations, LogoutTokenDecoders decoders,
			LogoutTokenReplays replays, ProviderSessions sessions, ApplicationEventPublisher events) {
		this.registrations = registrations;
		this.decoders = decoders;
		this.replays = replays;
		this.sessions = sessions;
		this.events = events;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestMatcher.MatchResult match = this.endpoint.matcher(request);
		if (!match.isMatch()) {
			chain.doFilter(request, response);
			return;
		}
		String registrationId = match.getVariables().get("registrationId");
		ClientRegistration registration = this.registrations.findByRegistrationId(registrationId);
		if (registration == null) {
			refuse(response, "unknown provider", "no such provider");
			return;
		}
		String token = request.getParameter("logout_token");
		if (token == null) {
			refuse(response, registrationId, "logout_token parameter is required");
			return;
		}
		Jwt jwt;
		try {
			jwt = this.decoders.decode(registration, token);
		}
		catch (JwtValidationException ex) {
			refuse(response, registrationId,
					ex.getErrors().stream().map(OAuth2Error::getDescription).collect(Collectors.joining("; ")));
			return;
		}
		catch (BadJwtException ex) {
			refuse(response, registrationId, "not a JWT signed with one of the provider's keys");
			return;
		}
		catch (JwtException ex) {
			// The provider's keys could not be fetched: it may send the token again.
			logger.warn("Back-channel logout from %s not checked: signing keys unavailable".formatted(registrationId));
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			return;
		}
		OidcLogoutToken logoutToken = OidcLogoutToken.withTokenValue(token)
			.claims((claims) -> claims.putAll(jwt.getClaims()))
			.build();
		String issuer = logoutToken.getIssuer().toString();
		if (!this.replays.firstUse(issuer, logoutToken.getId(), logoutToken.getIssuedAt())) {
			refuse(response, registrationId, "jti already used");
			return;
		}
		List<SessionKey> ended;
		try {
			ended = this.sessions.end(logoutToken);
		}
		catch (RuntimeException ex) {
			this.replays.forget(issuer, logoutToken.getId());
			throw ex;
		}
		logger.info("Back-channel logout from %s ended %d session(s) %s".formatted(registrationId, ended.size(),
				ended.stream().map(SessionKey::abbreviated).toList()));
		for (SessionKey session : ended) {
			this.events.publishEvent(SessionEvent.ended(SessionEvent.Ending.PROVIDER, registrationId, issuer,
					logoutToken.getSubject(), session));
		}
		response.setStatus(HttpStatus.OK.value());
	}

	private void refuse(HttpServletResponse response, String provider, String reason) throws IOException {
		logger.info("Back-channel logout from %s refused: %s".formatted(provider, reason));
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		this.errors.write(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, reason, VALIDATION), null,
				new ServletServerHttpResponse(response));
	}

}
