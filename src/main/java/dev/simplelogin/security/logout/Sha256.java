package dev.simplelogin.security.logout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The keys of the logout tables: fixed-length, so any issuer, sid or jti fits an index,
 * and no provider's session or token id is stored as it came.
 */
final class Sha256 {

	private Sha256() {
	}

	static String hex(String issuer, String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((issuer + " " + value).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
