package dev.simplelogin.observability;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.simplelogin.session.SessionKey;
import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HostileProvider.Misbehaviour;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail of a whole scripted session, with structured (ECS) logging on as in the
 * {@code postgres} profile: every line is JSON, each audit event is one line with its
 * fields, and nothing in the log is a token, a code, the client secret or a session id.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditLogIntegrationTests {

	private static final HostileProvider provider = new HostileProvider();

	// Registered as "restricted", behind a rule that lets in corp.example only. A
	// provider of its own, so that an expired session's issuer names one registration.
	private static final HostileProvider refusing = new HostileProvider();

	private static final String STRUCTURED_FORMAT = LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT
		.getEnvironmentVariableName();

	private final JsonMapper json = JsonMapper.builder().build();

	// Everything secret that the browsers saw or sent: none of it may be in the log.
	private final List<String> secrets = new ArrayList<>();

	@AfterAll
	static void plainLogsAgain() {
		provider.close();
		refusing.close();
		// The apps of the next tests log plain lines again.
		System.clearProperty(STRUCTURED_FORMAT);
		LoggingSystem logging = LoggingSystem.get(AuditLogIntegrationTests.class.getClassLoader());
		logging.cleanUp();
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
	}

	@Test
	void eachSignInAndEndIsOneJsonEventWithItsFieldsAndNoSecret(CapturedOutput output) {
		List<JsonNode> audit;
		// Logging is one per JVM, set up by the first app (the demo provider's, started
		// here if no test has yet), and the format it was given stays a system property:
		// let this app set it up again, with its structured format.
		TestProviders.demo();
		LoggingSystem.get(AuditLogIntegrationTests.class.getClassLoader()).cleanUp();
		System.clearProperty(STRUCTURED_FORMAT);
		int demoProviderStart = output.getAll().length();
		try (AppInstance app = AppInstance.start(properties())) {
			HttpFlow laptop = signIn(app, "ada", "sid-laptop");
			HttpFlow phone = signIn(app, "ada", "sid-phone");
			HttpFlow tablet = signIn(app, "ada", "sid-tablet");
			app.browser().get("/login/oauth2/code/hostile?code=c&state=s");
			HttpFlow refused = app.browser();
			URI refusedCallback = refused.callbackFrom("restricted", "ada");
			this.secrets.addAll(refused.cookies().values());
			assertThat(refused.get(refusedCallback.toString()).statusCode()).isEqualTo(403);
			String laptopId = sessionId(laptop);
			String tabletId = sessionId(tablet);
			String phoneId = sessionId(phone);
			this.secrets.addAll(List.of(laptopId, tabletId, phoneId));

			HttpResponse<String> sessions = phone.get("/sessions");
			String sessionsCsrf = HttpFlow.csrfToken(sessions.body());
			phone.post("/sessions/end", Map.of("_csrf", sessionsCsrf, "session", SessionKey.of(laptopId).hash()));
			String logoutToken = provider.logoutToken((claims) -> {
				claims.put("sub", "ada");
				claims.put("sid", "sid-tablet");
			});
			this.secrets.add(logoutToken);
			assertThat(app.browser()
				.post("/logout/connect/back-channel/hostile", Map.of("logout_token", logoutToken))
				.statusCode()).isEqualTo(200);
			String homeCsrf = HttpFlow.csrfToken(phone.get("/").body());
			phone.post("/logout", Map.of("_csrf", homeCsrf));
			this.secrets.addAll(List.of(sessionsCsrf, homeCsrf));

			HttpFlow desktop = signIn(app, "grace", "sid-desktop");
			String desktopId = sessionId(desktop);
			this.secrets.add(desktopId);
			// What half an hour without a request does to the row: the cleanup (every
			// second here) deletes by this column.
			app.bean(JdbcTemplate.class)
				.update("UPDATE SPRING_SESSION SET EXPIRY_TIME = 0 WHERE SESSION_ID = ?", desktopId);
			audit = awaitAuditEvents(output, "session-ended expiry");
			this.secrets.addAll(provider.issuedSecrets());
			this.secrets.addAll(refusing.issuedSecrets());

			assertThat(audit).extracting(AuditLogIntegrationTests::actionAndReason)
				.containsExactly("signed-in success", "signed-in success", "signed-in success",
						"sign-in-failed expired", "sign-in-refused email-not-listed", "session-ended sessions-page",
						"session-ended provider", "session-ended user", "signed-in success", "session-ended expiry");
			JsonNode signedIn = audit.get(0);
			assertThat(text(signedIn, "simplelogin.provider")).isEqualTo("hostile");
			assertThat(text(signedIn, "simplelogin.issuer")).isEqualTo(provider.issuer());
			assertThat(text(signedIn, "simplelogin.subject")).isEqualTo("ada");
			assertThat(text(signedIn, "simplelogin.session")).isEqualTo(SessionKey.of(laptopId).hash());
			assertThat(text(signedIn, "client.address")).isEqualTo("127.0.0.1");
			assertThat(text(signedIn, "user_agent.name")).isNotEmpty();
			assertThat(text(signedIn, "log.logger")).isEqualTo("dev.simplelogin.audit");
			assertThat(text(audit.get(3), "simplelogin.provider")).isEqualTo("hostile");
			JsonNode refusal = audit.get(4);
			assertThat(text(refusal, "simplelogin.provider")).isEqualTo("restricted");
			assertThat(text(refusal, "simplelogin.issuer")).isEqualTo(refusing.issuer());
			assertThat(text(refusal, "simplelogin.subject")).isEqualTo("ada");
			assertThat(text(refusal, "simplelogin.session")).isNull();
			assertThat(text(refusal, "client.address")).isEqualTo("127.0.0.1");
			assertThat(text(refusal, "message"))
				.isEqualTo("Sign-in refused at restricted (email-not-listed): e-mail address or domain not allowed");
			assertThat(text(audit.get(5), "simplelogin.session")).isEqualTo(SessionKey.of(laptopId).hash());
			assertThat(text(audit.get(5), "simplelogin.subject")).isEqualTo("ada");
			assertThat(text(audit.get(6), "simplelogin.session")).isEqualTo(SessionKey.of(tabletId).hash());
			assertThat(text(audit.get(7), "simplelogin.session")).isEqualTo(SessionKey.of(phoneId).hash());
			// Found by the cleanup, in no request: the row names the person and the
			// session, and the issuer names the provider.
			JsonNode expired = audit.get(9);
			assertThat(text(expired, "simplelogin.provider")).isEqualTo("hostile");
			assertThat(text(expired, "simplelogin.issuer")).isEqualTo(provider.issuer());
			assertThat(text(expired, "simplelogin.subject")).isEqualTo("grace");
			assertThat(text(expired, "simplelogin.session")).isEqualTo(SessionKey.of(desktopId).hash());
			assertThat(text(expired, "client.address")).isNull();
			assertThat(text(expired, "user_agent.name")).isNull();
		}
		String log = output.getAll();
		assertThat(log.substring(demoProviderStart).lines().filter((line) -> !line.isBlank()))
			.allSatisfy((line) -> assertThat(line).startsWith("{"));
		// Long enough to be no word that a log line holds by chance; the shortest are
		// the CSRF tokens and the state (about 40 characters).
		List<String> scanned = this.secrets.stream().filter((secret) -> secret.length() >= 20).toList();
		assertThat(scanned).hasSizeGreaterThan(25).allSatisfy((secret) -> assertThat(log).doesNotContain(secret));
		assertThat(log).doesNotContain("sid-laptop", "sid-tablet", "sid-desktop");
	}

	private Map<String, String> properties() {
		Map<String, String> properties = new HashMap<>(provider.clientProperties());
		properties.putAll(refusing.clientProperties("restricted", "Restricted"));
		properties.put("simplelogin.access.registrations.restricted.domains", "corp.example");
		properties.put("simplelogin.session.cleanup-cron", "* * * * * *");
		properties.put("spring.datasource.url", "jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		properties.put("logging.structured.format.console", "ecs");
		return properties;
	}

	// Keeps what the browser holds while the sign-in is in flight (the state cookie and
	// the browser binding), the CSRF token of the first page and the session cookie as
	// secrets; the provider keeps the state, nonce and PKCE verifier it was sent.
	private HttpFlow signIn(AppInstance app, String subject, String sid) {
		provider.misbehave(Misbehaviour.claim("sid", sid));
		HttpFlow browser = app.browser();
		URI callback = browser.callbackFrom("hostile", subject);
		this.secrets.addAll(browser.cookies().values());
		browser.follow(browser.get(callback.toString()));
		provider.behave();
		HttpResponse<String> page = browser.get("/secret");
		assertThat(page.statusCode()).as("signed in").isEqualTo(200);
		this.secrets.add(HttpFlow.csrfToken(page.body()));
		this.secrets.add(browser.cookie("SESSION").orElseThrow());
		return browser;
	}

	// The cleanup's events come on its own schedule: waits for the one given, at most
	// 10 s.
	private List<JsonNode> awaitAuditEvents(CapturedOutput output, String last) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		List<JsonNode> audit = auditEvents(output);
		while (audit.stream().map(AuditLogIntegrationTests::actionAndReason).noneMatch(last::equals)
				&& System.nanoTime() < deadline) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			audit = auditEvents(output);
		}
		return audit;
	}

	private static String actionAndReason(JsonNode event) {
		return text(event, "event.action") + " " + text(event, "event.reason");
	}

	private List<JsonNode> auditEvents(CapturedOutput output) {
		return output.getAll()
			.lines()
			.filter((line) -> line.startsWith("{"))
			.map(this.json::readTree)
			.filter((event) -> "dev.simplelogin.audit".equals(text(event, "log.logger")))
			.toList();
	}

	// ECS nests dotted names ({"event":{"action":...}}); some fields stay flat.
	private static String text(JsonNode event, String name) {
		JsonNode flat = event.get(name);
		if (flat != null) {
			return flat.asString();
		}
		JsonNode node = event;
		for (String part : name.split("\\.")) {
			node = (node != null) ? node.get(part) : null;
		}
		return (node != null) ? node.asString() : null;
	}

	private static String sessionId(HttpFlow browser) {
		return new String(Base64.getDecoder().decode(browser.cookie("SESSION").orElseThrow()), StandardCharsets.UTF_8);
	}

}
