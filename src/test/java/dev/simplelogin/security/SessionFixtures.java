package dev.simplelogin.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import dev.simplelogin.testsupport.AppInstance;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stored sessions as earlier releases wrote them, put into an instance's database by
 * hand.
 */
final class SessionFixtures {

	private SessionFixtures() {
	}

	/**
	 * Stores alice's session as 0.1.0 wrote it after a sign-in at the demo provider: the
	 * rows hold the JSON that release wrote, byte for byte, with a fresh id and times.
	 * @param instance the instance whose database receives it
	 * @return the new session's id
	 */
	static String storeFirstReleaseSession(AppInstance instance) {
		JdbcTemplate jdbc = instance.bean(JdbcTemplate.class);
		boolean postgres = jdbc
			.execute((java.sql.Connection connection) -> connection.getMetaData().getDatabaseProductName())
			.equals("PostgreSQL");
		String primaryId = UUID.randomUUID().toString();
		byte[] random = new byte[27];
		new SecureRandom().nextBytes(random);
		String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		long now = System.currentTimeMillis();
		jdbc.update(
				"INSERT INTO SPRING_SESSION (PRIMARY_ID, SESSION_ID, CREATION_TIME, LAST_ACCESS_TIME, "
						+ "MAX_INACTIVE_INTERVAL, EXPIRY_TIME, PRINCIPAL_NAME) VALUES (?, ?, ?, ?, 1800, ?, 'alice')",
				primaryId, id, now, now, now + 1_800_000);
		String attribute = "INSERT INTO SPRING_SESSION_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES) "
				+ (postgres ? "VALUES (?, ?, convert_from(?, 'UTF8')::jsonb)" : "VALUES (?, ?, ?)");
		jdbc.update(attribute, primaryId, "SPRING_SECURITY_CONTEXT", resource("security-context.json"));
		jdbc.update(attribute, primaryId,
				"org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository.CSRF_TOKEN",
				resource("csrf-token.json"));
		return id;
	}

	private static byte[] resource(String name) {
		try (InputStream in = SessionFixtures.class.getResourceAsStream("/sessions/0.1.0/" + name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
