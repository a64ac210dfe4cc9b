package dev.simplelogin.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.simplelogin.session.SessionEvent;
import dev.simplelogin.session.SessionKey;
import dev.simplelogin.session.SignInRecord;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * One person's sessions, on every instance: found through Spring Session's principal
 * index (issuer and subject, one indexed query), and ended through the session
 * repository, which tells every instance's cache. A session is named outside by its
 * {@link SessionKey} hash only, and a hash is looked up among the person's own sessions,
 * so no request can end a session of someone else, or learn a session id.
 */
class OwnSessions {

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final ClientRegistrationRepository registrations;

	private final Duration maxAge;

	private final Duration lastAccessWriteInterval;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	OwnSessions(FindByIndexNameSessionRepository<? extends Session> sessions,
			ClientRegistrationRepository registrations, Duration maxAge, Duration lastAccessWriteInterval, Clock clock,
			ApplicationEventPublisher events) {
		this.sessions = sessions;
		this.registrations = registrations;
		this.maxAge = maxAge;
		this.lastAccessWriteInterval = lastAccessWriteInterval;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * The person's live sessions, this one first, then the latest sign-in first.
	 * @param person the signed-in person
	 * @param currentId the id of this request's session
	 * @return the sessions as the page shows them
	 */
	List<SessionRow> list(OidcUser person, String currentId) {
		Instant now = this.clock.instant();
		return find(person).entrySet()
			.stream()
			.filter((entry) -> isLive(entry.getValue(), now))
			.map((entry) -> row(entry.getValue(), entry.getKey().equals(currentId), now))
			.sorted(Comparator.comparing(SessionRow::current).thenComparing(SessionRow::signedInAt).reversed())
			.toList();
	}

	/**
	 * Ends one of the person's other sessions.
	 * @param person the signed-in person
	 * @param currentId the id of this request's session, which this never ends
	 * @param handle the {@link SessionKey} hash of the session to end
	 * @return whether a session of the person's had that handle
	 */
	boolean endOther(OidcUser person, String currentId, String handle) {
		Optional<? extends Session> session = find(person).values()
			.stream()
			.filter((candidate) -> !candidate.getId().equals(currentId)
					&& SessionKey.of(candidate.getId()).hash().equals(handle))
			.findFirst();
		session.ifPresent(this::end);
		return session.isPresent();
	}

	/**
	 * Ends every session of the person's but this one, live or not yet cleaned up.
	 * @param person the signed-in person
	 * @param currentId the id of this request's session
	 * @return how many were ended
	 */
	int endOthers(OidcUser person, String currentId) {
		List<? extends Session> others = find(person).values()
			.stream()
			.filter((session) -> !session.getId().equals(currentId))
			.toList();
		others.forEach(this::end);
		return others.size();
	}

	private void end(Session session) {
		this.sessions.deleteById(session.getId());
		this.events.publishEvent(SessionEvent.ended(SessionEvent.Ending.SESSIONS_PAGE, session));
	}

	private Map<String, ? extends Session> find(OidcUser person) {
		return this.sessions
			.findByPrincipalName(SignInRecord.principalIndex(String.valueOf(person.getIssuer()), person.getSubject()));
	}

	// Spring Session's query returns idled-out rows that the cleanup has not deleted yet;
	// a session past its max age ends on its next request.
	private boolean isLive(Session session, Instant now) {
		return !session.isExpired() && signInTime(session).plus(this.maxAge).isAfter(now);
	}

	private SessionRow row(Session session, boolean current, Instant now) {
		Optional<SignInRecord> signIn = SignInRecord.of(session);
		String lastActive = current ? "Now"
				: SessionRow.lastActive(session.getLastAccessedTime(), now, this.lastAccessWriteInterval);
		return new SessionRow(SessionKey.of(session.getId()).hash(), provider(session), signInTime(session), lastActive,
				signIn.map(SignInRecord::browser).orElse("Unknown browser"),
				signIn.map(SignInRecord::address).orElse(""), current);
	}

	private static Instant signInTime(Session session) {
		return SignInRecord.of(session).map(SignInRecord::at).orElse(session.getCreationTime());
	}

	// The name on the provider's sign-in button; its registration id while the provider's
	// configuration is unknown.
	private String provider(Session session) {
		if (session.getAttribute(
				HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context
				&& context.getAuthentication() instanceof OAuth2AuthenticationToken token) {
			ClientRegistration registration = this.registrations
				.findByRegistrationId(token.getAuthorizedClientRegistrationId());
			return (registration != null) ? registration.getClientName() : token.getAuthorizedClientRegistrationId();
		}
		return "";
	}

}
