package dev.simplelogin.account;

import java.time.Clock;
import java.time.Duration;

import dev.simplelogin.session.SignInRecord;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * How many live sessions a person has, for the home page's "Signed in on 2 devices". The
 * home page is the most visited signed-in page, so this is one count on Spring Session's
 * principal index, not {@code findByPrincipalName}, which would read and decode every
 * attribute of every session.
 */
public class SessionCount {

	// Sign-in makes the session (nothing is stored before it), so a session's creation
	// time is its sign-in time, and the max-age rule can be applied here too.
	private static final String COUNT = """
			SELECT COUNT(*) FROM SPRING_SESSION
			WHERE PRINCIPAL_NAME = ? AND EXPIRY_TIME > ? AND CREATION_TIME > ?
			""";

	private final JdbcTemplate jdbc;

	private final Duration maxAge;

	private final Clock clock;

	SessionCount(JdbcTemplate jdbc, Duration maxAge, Clock clock) {
		this.jdbc = jdbc;
		this.maxAge = maxAge;
		this.clock = clock;
	}

	/**
	 * The person's sessions that have neither idled out nor reached their max age.
	 * @param person the signed-in person
	 * @return how many, at least 1 when asked from a signed-in request
	 */
	public long of(OidcUser person) {
		long now = this.clock.millis();
		Long count = this.jdbc.queryForObject(COUNT, Long.class,
				SignInRecord.principalIndex(String.valueOf(person.getIssuer()), person.getSubject()), now,
				now - this.maxAge.toMillis());
		return (count != null) ? count : 0;
	}

}
