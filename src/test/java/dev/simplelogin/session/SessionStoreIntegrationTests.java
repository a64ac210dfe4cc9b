package dev.simplelogin.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session rows: their idle timeout and the job that removes expired ones. Here the
 * idle timeout is 7 minutes instead of 30, and the cleanup job runs every second instead
 * of every minute.
 */
// These tests change rows behind the app's back, which an embedded H2 announces to no
// session cache (on PostgreSQL, triggers do): the cache is off here.
@AppWithDemoProviderTest(properties = { "simplelogin.session.cleanup-cron=* * * * * *", "spring.session.timeout=7m",
		"simplelogin.session.cache-size=0" })
class SessionStoreIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SessionRepository<?> sessions;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void signedInSessionExpiresAfterConfiguredIdleTimeout() {
		new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", TestProviders.demo().account("alice"));

		Integer seconds = this.jdbc.queryForObject(
				"SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION WHERE PRINCIPAL_NAME LIKE '% alice'", Integer.class);
		assertThat(seconds).isEqualTo(7 * 60);
	}

	@Test
	void attributesAreStoredAsJsonNotJavaSerialization() {
		new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", TestProviders.demo().account("alice"));

		byte[] context = this.jdbc.queryForObject(
				"SELECT ATTRIBUTE_BYTES FROM SPRING_SESSION_ATTRIBUTES WHERE ATTRIBUTE_NAME = 'SPRING_SECURITY_CONTEXT'",
				byte[].class);
		assertThat(new String(context, StandardCharsets.UTF_8))
			.startsWith("{\"@class\":\"org.springframework.security.core.context.SecurityContextImpl\"")
			.contains("\"email\":\"alice@example.com\"");
	}

	@Test
	void storedSignInHoldsIdTokenOnceAndPlainAuthorities() {
		new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", TestProviders.demo().account("alice"));

		String context = new String(this.jdbc.queryForObject(
				"SELECT ATTRIBUTE_BYTES FROM SPRING_SESSION_ATTRIBUTES WHERE ATTRIBUTE_NAME = 'SPRING_SECURITY_CONTEXT'",
				byte[].class), StandardCharsets.UTF_8);
		assertThat(context).doesNotContain("OidcUserAuthority")
			.contains("\"authority\":\"OIDC_USER\"")
			.contains("\"authority\":\"SCOPE_openid\"");
		Matcher idToken = Pattern.compile("\"tokenValue\":\"([^\"]+)\"").matcher(context);
		assertThat(idToken.find()).isTrue();
		assertThat(context.split(Pattern.quote(idToken.group(1)), -1)).hasSize(2);
	}

	// During a rolling upgrade the row may be one that a newer instance can read: it
	// stays until it expires.
	@Test
	void corruptSessionRowCountsAsNoSessionAndIsLeftInPlace() {
		HttpFlow browser = new HttpFlow("http://127.0.0.1:" + this.port);
		browser.signIn("/secret", TestProviders.demo().account("bob"));
		this.jdbc.update("UPDATE SPRING_SESSION_ATTRIBUTES SET ATTRIBUTE_BYTES = ? WHERE ATTRIBUTE_NAME = ?",
				new byte[] { (byte) 0xac, (byte) 0xed, 0, 5, 't', 'r', 'a', 's', 'h' }, "SPRING_SECURITY_CONTEXT");

		assertThat(browser.get("/secret").statusCode()).isEqualTo(302);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME LIKE '% bob'",
				Integer.class))
			.isOne();
	}

	@Test
	void expiredSessionRowsAreRemovedByCleanupJobAndLiveOnesStay() throws InterruptedException {
		String expired = save(this.sessions, Instant.now().minus(Duration.ofHours(1)));
		String live = save(this.sessions, Instant.now());

		Instant deadline = Instant.now().plusSeconds(10);
		while (rows(expired) > 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
		}

		assertThat(rows(expired)).isZero();
		assertThat(rows(live)).isOne();
	}

	private static <S extends Session> String save(SessionRepository<S> repository, Instant lastAccessed) {
		S session = repository.createSession();
		session.setLastAccessedTime(lastAccessed);
		repository.save(session);
		return session.getId();
	}

	private int rows(String sessionId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID = ?", Integer.class,
				sessionId);
	}

}
