package dev.simplelogin.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A session as the cache, the logs and the database's announcements name it: the SHA-256
 * of its id in lower-case hex, which is also what the triggers of migration V3 send
 * ({@code encode(sha256(session_id), 'hex')}). A raw session id never leaves the process.
 *
 * @param hash the SHA-256 of the session id, 64 lower-case hex digits
 */
public record SessionKey(String hash) {

	public static SessionKey of(String sessionId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
			return new SessionKey(HexFormat.of().formatHex(digest));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	/** Enough of the hash to tell sessions apart in a log, and nothing that opens one. */
	public String abbreviated() {
		return this.hash.substring(0, Math.min(12, this.hash.length()));
	}

}
