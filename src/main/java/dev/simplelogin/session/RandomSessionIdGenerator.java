package dev.simplelogin.session;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.session.SessionIdGenerator;

/**
 * Session ids of 216 random bits. Spring Session's default is a random UUID, which carries
 * 122; 27 random bytes, base64url-encoded, fill the 36-character id column exactly.
 */
final class RandomSessionIdGenerator implements SessionIdGenerator {

	private static final int RANDOM_BYTES = 27;

	private final SecureRandom random = new SecureRandom();

	@Override
	public String generate() {
		byte[] bytes = new byte[RANDOM_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
