package dev.simplelogin.security.logout;

import java.time.Clock;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The logout tokens already used, by issuer and {@code jti}, in the database every
 * instance shares: a token replayed to this instance or any other is refused. A token is
 * remembered only until it would be refused as too old anyway.
 */
class LogoutTokenReplays {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	LogoutTokenReplays(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records a token's first use.
	 * @param issuer the token's issuer
	 * @param jti the token's id
	 * @param issuedAt the token's {@code iat}
	 * @return {@code true} the first time, {@code false} for a replay
	 */
	boolean firstUse(String issuer, String jti, Instant issuedAt) {
		Instant refusedAnywayAfter = issuedAt.plus(LogoutTokenChecks.MAX_AGE).plus(LogoutTokenChecks.CLOCK_SKEW);
		try {
			// The primary key settles a race between instances: one insert wins.
			this.jdbc.update("INSERT INTO SIMPLELOGIN_LOGOUT_TOKEN (TOKEN_KEY, EXPIRY_TIME) VALUES (?, ?)",
					Sha256.hex(issuer, jti), refusedAnywayAfter.toEpochMilli());
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Forgets a token whose logout failed, so that the provider's retry is not a replay.
	 * @param issuer the token's issuer
	 * @param jti the token's id
	 */
	void forget(String issuer, String jti) {
		this.jdbc.update("DELETE FROM SIMPLELOGIN_LOGOUT_TOKEN WHERE TOKEN_KEY = ?", Sha256.hex(issuer, jti));
	}

	/**
	 * Deletes the tokens that would be refused as too old anyway; with the session
	 * cleanup's schedule.
	 * @return how many were deleted
	 */
	@Scheduled(cron = "${simplelogin.session.cleanup-cron:0 * * * * *}")
	int deleteExpired() {
		return this.jdbc.update("DELETE FROM SIMPLELOGIN_LOGOUT_TOKEN WHERE EXPIRY_TIME < ?", this.clock.millis());
	}

}
