package dev.simplelogin.session;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * What a session keeps of the sign-in that began it, besides the principal: when, in
 * which browser, from which address. Written once, at sign-in, as plain string attributes
 * (the store's JSON keeps strings as they are, on every version of the app), and read by
 * the sessions page and the absolute lifetime.
 *
 * @param at when the person signed in
 * @param browser a short label of the browser and system, such as "Chrome on Linux"
 * @param address the client's address as the app saw it
 */
public record SignInRecord(Instant at, String browser, String address) {

	private static final String AT = "simplelogin.signIn.at";

	private static final String BROWSER = "simplelogin.signIn.browser";

	private static final String ADDRESS = "simplelogin.signIn.address";

	/**
	 * The value of Spring Session's principal index for a person: issuer and subject, as
	 * two providers may give the same subject to different people. An issuer is a URL,
	 * which has no space, so the first space parts the two.
	 * @param issuer the person's issuer
	 * @param subject the person's subject at that issuer
	 * @return the index value
	 */
	public static String principalIndex(String issuer, String subject) {
		return issuer + " " + subject;
	}

	/**
	 * The record of a sign-in that happens in this request.
	 * @param request the request that completes the sign-in
	 * @param clock the time
	 * @return the record
	 */
	public static SignInRecord of(HttpServletRequest request, Clock clock) {
		return new SignInRecord(clock.instant(), BrowserLabel.of(request.getHeader("User-Agent")),
				String.valueOf(request.getRemoteAddr()));
	}

	/**
	 * Keeps the record, and the person's principal index, in the session.
	 * @param session the session that the sign-in began
	 * @param issuer the person's issuer
	 * @param subject the person's subject
	 */
	public void writeTo(HttpSession session, String issuer, String subject) {
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
				principalIndex(issuer, subject));
		session.setAttribute(AT, this.at.toString());
		session.setAttribute(BROWSER, this.browser);
		session.setAttribute(ADDRESS, this.address);
	}

	/**
	 * The record a session keeps, if it has one (sessions of signed-out visitors and of
	 * older versions of the app have none).
	 * @param session the session
	 * @return the record
	 */
	public static Optional<SignInRecord> of(Session session) {
		return read(session::getAttribute);
	}

	/**
	 * The record a session keeps, if it has one.
	 * @param session the session
	 * @return the record
	 */
	public static Optional<SignInRecord> of(HttpSession session) {
		return read(session::getAttribute);
	}

	private static Optional<SignInRecord> read(Function<String, @Nullable Object> attributes) {
		if (!(attributes.apply(AT) instanceof String at)) {
			return Optional.empty();
		}
		try {
			return Optional.of(new SignInRecord(Instant.parse(at), text(attributes.apply(BROWSER)),
					text(attributes.apply(ADDRESS))));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	private static String text(@Nullable Object value) {
		return (value instanceof String text) ? text : "";
	}

}
