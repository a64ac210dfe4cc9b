package dev.simplelogin.security.logout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.simplelogin.session.SessionKey;
import dev.simplelogin.session.SignInRecord;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.StringUtils;

/**
 * The app's sessions by the provider's session ({@code sid}) and by person ({@code sub}),
 * in the store every instance shares. It takes the place of Spring Security's
 * {@code InMemoryOidcSessionRegistry}, which only knows the sessions signed in on its own
 * instance since its last start.
 * <p>
 * By person: Spring Session's principal index, which holds issuer and subject. By
 * provider session: a table that links each session to the hash of its issuer and
 * {@code sid}, and goes with the session (a foreign key with {@code ON DELETE CASCADE}).
 * Sessions end through the session repository, as a sign-out does, so each instance's
 * cache drops them (on PostgreSQL, the delete triggers announce them to every instance).
 */
final class ProviderSessions {

	private static final String UNLINK = """
			DELETE FROM SIMPLELOGIN_PROVIDER_SESSION WHERE SESSION_PRIMARY_ID =
			(SELECT PRIMARY_ID FROM SPRING_SESSION WHERE SESSION_ID = ?)""";

	private static final String LINK = """
			INSERT INTO SIMPLELOGIN_PROVIDER_SESSION (SESSION_PRIMARY_ID, PROVIDER_SESSION)
			SELECT PRIMARY_ID, ? FROM SPRING_SESSION WHERE SESSION_ID = ?""";

	private static final String BY_SID = """
			SELECT s.SESSION_ID FROM SPRING_SESSION s
			JOIN SIMPLELOGIN_PROVIDER_SESSION p ON p.SESSION_PRIMARY_ID = s.PRIMARY_ID
			WHERE p.PROVIDER_SESSION = ?""";

	private final JdbcTemplate jdbc;

	private final TransactionOperations transactions;

	private final FindByIndexNameSessionRepository<?> sessions;

	ProviderSessions(JdbcTemplate jdbc, TransactionOperations transactions,
			FindByIndexNameSessionRepository<?> sessions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.sessions = sessions;
	}

	/**
	 * Links a stored session to the provider session its ID token names, if it names one,
	 * in place of any link from an earlier sign-in in the same browser (a new sign-in
	 * changes the session's id, not its row).
	 * @param sessionId the app's session, already stored
	 * @param person who signed in, with the ID token's claims
	 */
	void link(String sessionId, OidcUser person) {
		String sid = person.getClaimAsString("sid");
		// One transaction: a sign-in commits once for its session and once for this.
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update(UNLINK, sessionId);
			if (StringUtils.hasText(sid)) {
				this.jdbc.update(LINK, Sha256.hex(String.valueOf(person.getIssuer()), sid), sessionId);
			}
		});
	}

	/**
	 * Ends the sessions a verified logout token names: those of its {@code sid} (of its
	 * {@code sub} too, when it has one), or else every session of its {@code sub}.
	 * @param token the verified logout token
	 * @return the sessions ended
	 */
	List<SessionKey> end(OidcLogoutToken token) {
		String issuer = token.getIssuer().toString();
		String sid = token.getSessionId();
		String subject = token.getSubject();
		Set<String> ids = new LinkedHashSet<>();
		if (StringUtils.hasText(sid)) {
			List<String> bySid = StringUtils.hasText(subject)
					? this.jdbc.queryForList(BY_SID + " AND s.PRINCIPAL_NAME = ?", String.class,
							Sha256.hex(issuer, sid), SignInRecord.principalIndex(issuer, subject))
					: this.jdbc.queryForList(BY_SID, String.class, Sha256.hex(issuer, sid));
			ids.addAll(bySid);
		}
		else {
			ids.addAll(this.sessions.findByPrincipalName(SignInRecord.principalIndex(issuer, subject)).keySet());
		}
		List<SessionKey> ended = new ArrayList<>();
		for (String id : ids) {
			this.sessions.deleteById(id);
			ended.add(SessionKey.of(id));
		}
		return ended;
	}

}
