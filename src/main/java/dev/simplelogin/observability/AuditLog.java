package dev.simplelogin.observability;

import dev.simplelogin.session.BrowserLabel;
import dev.simplelogin.session.SessionEvent;
import dev.simplelogin.session.SessionEvent.Action;
import dev.simplelogin.session.SessionEvent.Ending;
import dev.simplelogin.session.SessionKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes each {@link SessionEvent}, and each sign-out Spring Security reports, as one log
 * event of the {@code dev.simplelogin.audit} logger with stable key-value fields (JSON
 * fields under {@code logging.structured.format.console}), and counts it: sign-ins by
 * provider and outcome, refusals by provider and rule, sign-outs by kind. Tags come from
 * fixed sets only (a provider the app does not know counts as {@code unknown}), so the
 * number of series does not grow with the people who sign in.
 */
final class AuditLog {

	// One name for every audit event, so that a log pipeline can pick them out.
	private static final Logger logger = LoggerFactory.getLogger("dev.simplelogin.audit");

	private final MeterRegistry meters;

	private final ClientRegistrationRepository registrations;

	AuditLog(MeterRegistry meters, ClientRegistrationRepository registrations) {
		this.meters = meters;
		this.registrations = registrations;
	}

	@EventListener
	void on(SessionEvent event) {
		String provider = knownProvider(event);
		@Nullable HttpServletRequest request = currentRequest();
		LoggingEventBuilder line = logger.atInfo()
			.setMessage(message(event, provider))
			.addKeyValue("event.action", event.action().key())
			.addKeyValue("event.reason", event.reason())
			.addKeyValue("simplelogin.provider", provider);
		addIfPresent(line, "simplelogin.issuer", event.issuer());
		addIfPresent(line, "simplelogin.subject", event.subject());
		addIfPresent(line, "simplelogin.session", (event.session() != null) ? event.session().hash() : null);
		if (request != null) {
			line.addKeyValue("client.address", request.getRemoteAddr())
				.addKeyValue("user_agent.name", BrowserLabel.of(request.getHeader("User-Agent")));
		}
		line.log();
		count(event, provider);
	}

	// Spring Security's logout (the sign-out button, and "Sign out everywhere" for this
	// session). The session is already invalidated: it is named by the id the request
	// asked for.
	@EventListener
	void on(LogoutSuccessEvent event) {
		if (event.getAuthentication() instanceof OAuth2AuthenticationToken token
				&& token.getPrincipal() instanceof OidcUser person) {
			HttpServletRequest request = currentRequest();
			String sessionId = (request != null) ? request.getRequestedSessionId() : null;
			on(new SessionEvent(Action.SESSION_ENDED, Ending.USER.key(), token.getAuthorizedClientRegistrationId(),
					String.valueOf(person.getIssuer()), person.getSubject(),
					(sessionId != null) ? SessionKey.of(sessionId) : null, null));
		}
	}

	private void count(SessionEvent event, String provider) {
		switch (event.action()) {
			case SIGNED_IN, SIGN_IN_FAILED -> signIns(provider, event.reason()).increment();
			case SIGN_IN_REFUSED -> {
				signIns(provider, "refused").increment();
				refusals(provider, event.reason()).increment();
			}
			case SESSION_ENDED -> signOuts(event.reason()).increment();
		}
	}

	private Counter signOuts(String kind) {
		return Counter.builder("simplelogin.sign.outs")
			.description("Sessions ended, by how: user, sessions-page, provider, expiry, max-age, policy")
			.tag("kind", kind)
			.register(this.meters);
	}

	private Counter signIns(String provider, String outcome) {
		return Counter.builder("simplelogin.sign.ins")
			.description("Sign-ins by provider and outcome: success, refused, or the failure's reason")
			.tag("provider", provider)
			.tag("outcome", outcome)
			.register(this.meters);
	}

	// Which rule refused, apart from the sign-ins, whose outcome tag is one value for
	// every refusal: a reason tag there would be empty for every other outcome.
	private Counter refusals(String provider, String reason) {
		return Counter.builder("simplelogin.access.refusals")
			.description("Sign-ins the access rules refused, by provider and the rule that refused")
			.tag("provider", provider)
			.tag("reason", reason)
			.register(this.meters);
	}

	private static String message(SessionEvent event, String provider) {
		return switch (event.action()) {
			case SIGNED_IN -> "Signed in at " + provider;
			case SIGN_IN_FAILED -> "Sign-in failed at %s (%s): %s".formatted(provider, event.reason(), event.detail());
			case SIGN_IN_REFUSED ->
				"Sign-in refused at %s (%s): %s".formatted(provider, event.reason(), event.detail());
			case SESSION_ENDED -> "Session %s of %s ended (%s)".formatted(
					(event.session() != null) ? event.session().abbreviated() : "(unknown)", provider, event.reason());
		};
	}

	// An expired session is known by its issuer only (the cleanup reads no attributes).
	private String knownProvider(SessionEvent event) {
		if (this.registrations.findByRegistrationId(event.provider()) != null) {
			return event.provider();
		}
		if (event.issuer() != null && this.registrations instanceof Iterable<?> all) {
			for (Object candidate : all) {
				if (candidate instanceof ClientRegistration registration
						&& event.issuer().equals(registration.getProviderDetails().getIssuerUri())) {
					return registration.getRegistrationId();
				}
			}
		}
		return SessionEvent.UNKNOWN_PROVIDER;
	}

	private static void addIfPresent(LoggingEventBuilder line, String key, @Nullable String value) {
		if (value != null) {
			line.addKeyValue(key, value);
		}
	}

	private static @Nullable HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

}
