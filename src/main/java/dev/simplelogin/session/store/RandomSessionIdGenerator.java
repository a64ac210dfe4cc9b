package dev.simplelogin.session.store;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import org.springframework.session.SessionIdGenerator;

/**
 * Session ids of 216 random bits. Spring Session's default is a random UUID, which
 * carries 122; 27 random bytes, base64url-encoded, fill the 36-character id column
 * exactly.
 */
final class RandomSessionIdGenerator implements SessionIdGenerator {

	private static final int RANDOM_BYTES = 27;

	// 27 bytes make 36 characters of the URL-safe alphabet, without padding.
	private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{36}");

	private final SecureRandom random = new SecureRandom();

	/**
	 * Whether an id has the shape of those this generator makes (and of a UUID, which
	 * Spring Session makes by default): anything else is no id of this app's.
	 * @param id the id a request claims
	 * @return whether it could be one
	 */
	static boolean isWellFormed(String id) {
		return SHAPE.matcher(id).matches();
	}

	@Override
	public String generate() {
		byte[] bytes = new byte[RANDOM_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
