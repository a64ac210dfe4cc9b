package dev.simplelogin.session;

import java.util.function.Function;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;

/**
 * Something that happened to a sign-in or a session, published as an application event
 * wherever it happens, for the audit log and the meters. It names people by issuer and
 * subject and sessions by {@link SessionKey}: never a token, a code or a session id. The
 * request's client address and browser are added by whoever writes it down.
 *
 * @param action what happened
 * @param reason why, in a word from a fixed set: the sign-in failure's key, the refusing
 * rule, or how the session ended ({@link Ending})
 * @param provider the registration id, or {@code unknown}
 * @param issuer the person's issuer, when known
 * @param subject the person's subject at that issuer, when known
 * @param session the session concerned, when there is one
 * @param detail more words for a person reading the log (a failure's error code, the
 * refusing rule in words), never text taken from a request
 */
public record SessionEvent(Action action, String reason, String provider, @Nullable String issuer,
		@Nullable String subject, @Nullable SessionKey session, @Nullable String detail) {

	/** The provider of an event whose request named none that the app knows. */
	public static final String UNKNOWN_PROVIDER = "unknown";

	public static SessionEvent signedIn(String provider, String issuer, String subject, SessionKey session) {
		return new SessionEvent(Action.SIGNED_IN, "success", provider, issuer, subject, session, null);
	}

	public static SessionEvent signInFailed(String provider, String reason, String detail) {
		return new SessionEvent(Action.SIGN_IN_FAILED, reason, provider, null, null, null, detail);
	}

	public static SessionEvent signInRefused(String provider, String reason, String detail, @Nullable String issuer,
			@Nullable String subject) {
		return new SessionEvent(Action.SIGN_IN_REFUSED, reason, provider, issuer, subject, null, detail);
	}

	public static SessionEvent ended(Ending ending, String provider, @Nullable String issuer, @Nullable String subject,
			SessionKey session) {
		return new SessionEvent(Action.SESSION_ENDED, ending.key(), provider, issuer, subject, session, null);
	}

	/**
	 * A session's end, with the person and provider its sign-in stored.
	 * @param ending how it ended
	 * @param session the session, before it is deleted
	 * @return the event
	 */
	/**
	 * A session that the cleanup deleted because it had idled out, named by what its row
	 * holds: the id and the principal index ({@link SignInRecord#principalIndex}).
	 * @param sessionId the session's id
	 * @param principalIndex issuer and subject, or {@code null} for a session of nobody
	 * @return the event
	 */
	public static SessionEvent expired(String sessionId, @Nullable String principalIndex) {
		int space = (principalIndex != null) ? principalIndex.indexOf(' ') : -1;
		String issuer = (space > 0) ? principalIndex.substring(0, space) : null;
		String subject = (space > 0) ? principalIndex.substring(space + 1) : null;
		return ended(Ending.EXPIRY, UNKNOWN_PROVIDER, issuer, subject, SessionKey.of(sessionId));
	}

	public static SessionEvent ended(Ending ending, Session session) {
		return ended(ending, session.getId(), session::getAttribute);
	}

	/**
	 * A session's end, with the person and provider its sign-in stored.
	 * @param ending how it ended
	 * @param session the session, before it is invalidated
	 * @return the event
	 */
	public static SessionEvent ended(Ending ending, HttpSession session) {
		return ended(ending, session.getId(), session::getAttribute);
	}

	private static SessionEvent ended(Ending ending, String sessionId, Function<String, @Nullable Object> attributes) {
		if (attributes
			.apply(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context
				&& context.getAuthentication() instanceof OAuth2AuthenticationToken signIn
				&& signIn.getPrincipal() instanceof OidcUser person) {
			return ended(ending, signIn.getAuthorizedClientRegistrationId(), String.valueOf(person.getIssuer()),
					person.getSubject(), SessionKey.of(sessionId));
		}
		return ended(ending, UNKNOWN_PROVIDER, null, null, SessionKey.of(sessionId));
	}

	/** What happened, with the name the log's {@code event.action} field gives it. */
	public enum Action {

		SIGNED_IN("signed-in"), SIGN_IN_FAILED("sign-in-failed"), SIGN_IN_REFUSED("sign-in-refused"),
		SESSION_ENDED("session-ended");

		private final String key;

		Action(String key) {
			this.key = key;
		}

		public String key() {
			return this.key;
		}

	}

	/** How a session ended. */
	public enum Ending {

		/** The person signed out. */
		USER("user"),
		/** The person ended it from another session's sessions page. */
		SESSIONS_PAGE("sessions-page"),
		/** The provider signed the person out (back-channel logout). */
		PROVIDER("provider"),
		/** It was idle longer than the timeout, and the cleanup deleted it. */
		EXPIRY("expiry"),
		/** It reached {@code simplelogin.session.max-age}. */
		MAX_AGE("max-age"),
		/** The access rules no longer let its person in. */
		POLICY("policy");

		private final String key;

		Ending(String key) {
			this.key = key;
		}

		public String key() {
			return this.key;
		}

	}

}
