package dev.simplelogin.observability;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail of a whole scripted session, with structured (ECS) logging on as in the
 * {@code postgres} profile: every line is JSON, each audit event is one line with its
 * fields, and nothing in the log is a token, a code, the client secret or a session id.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditLogIntegrationTests {

	private static final HostileProvider provider = new HostileProvider();

	private static final String STRUCTURED_FORMAT = LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT
		.getEnvironmentVariableName();

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterAll
	static void plainLogsAgain() {
		provider.close();
		// The apps of the next tests log plain lines again.
		System.clearProperty(STRUCTURED_FORMAT);
		LoggingSystem logging = LoggingSystem.get(AuditLogIntegrationTests.class.getClassLoader());
		logging.cleanUp();
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
	}

	@Test
	void eachSignInAndEndIsOneJsonEventWithItsFieldsAndNoSecret(CapturedOutput output) {
		List<String> secrets = new ArrayList<>();
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
			String laptopId = sessionId(laptop);
			String tabletId = sessionId(tablet);
			String phoneId = sessionId(phone);
			secrets.addAll(List.of(laptopId, tabletId, phoneId));

			HttpResponse<String> sessions = phone.get("/sessions");
			phone.post("/sessions/end",
					Map.of("_csrf", HttpFlow.csrfToken(sessions.body()), "session", SessionKey.of(laptopId).hash()));
			String logoutToken = provider.logoutToken((claims) -> {
				claims.put("sub", "ada");
				claims.put("sid", "sid-tablet");
			});
			secrets.add(logoutToken);
			assertThat(app.browser()
				.post("/logout/connect/back-channel/hostile", Map.of("logout_token", logoutToken))
				.statusCode()).isEqualTo(200);
			phone.post("/logout", Map.of("_csrf", HttpFlow.csrfToken(phone.get("/").body())));
			secrets.addAll(provider.issuedSecrets());

			audit = auditEvents(output);
			assertThat(audit).extracting((event) -> text(event, "event.action") + " " + text(event, "event.reason"))
				.containsExactly("signed-in success", "signed-in success", "signed-in success",
						"sign-in-failed expired", "session-ended sessions-page", "session-ended provider",
						"session-ended user");
			JsonNode signedIn = audit.get(0);
			assertThat(text(signedIn, "simplelogin.provider")).isEqualTo("hostile");
			assertThat(text(signedIn, "simplelogin.issuer")).isEqualTo(provider.issuer());
			assertThat(text(signedIn, "simplelogin.subject")).isEqualTo("ada");
			assertThat(text(signedIn, "simplelogin.session")).isEqualTo(SessionKey.of(laptopId).hash());
			assertThat(text(signedIn, "client.address")).isEqualTo("127.0.0.1");
			assertThat(text(signedIn, "user_agent.name")).isNotEmpty();
			assertThat(text(signedIn, "log.logger")).isEqualTo("dev.simplelogin.audit");
			assertThat(text(audit.get(3), "simplelogin.provider")).isEqualTo("hostile");
			assertThat(text(audit.get(4), "simplelogin.session")).isEqualTo(SessionKey.of(laptopId).hash());
			assertThat(text(audit.get(4), "simplelogin.subject")).isEqualTo("ada");
			assertThat(text(audit.get(5), "simplelogin.session")).isEqualTo(SessionKey.of(tabletId).hash());
			assertThat(text(audit.get(6), "simplelogin.session")).isEqualTo(SessionKey.of(phoneId).hash());
		}
		String log = output.getAll();
		assertThat(log.substring(demoProviderStart).lines().filter((line) -> !line.isBlank()))
			.allSatisfy((line) -> assertThat(line).startsWith("{"));
		assertThat(secrets).hasSizeGreaterThan(8).allSatisfy((secret) -> assertThat(log).doesNotContain(secret));
		assertThat(log).doesNotContain("sid-laptop", "sid-tablet");
	}

	private Map<String, String> properties() {
		Map<String, String> properties = new HashMap<>(provider.clientProperties());
		properties.put("spring.datasource.url", "jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		properties.put("logging.structured.format.console", "ecs");
		return properties;
	}

	private static HttpFlow signIn(AppInstance app, String subject, String sid) {
		provider.misbehave(Misbehaviour.claim("sid", sid));
		HttpFlow browser = app.browser();
		browser.follow(browser.get(browser.callbackFrom("hostile", subject).toString()));
		provider.behave();
		assertThat(browser.get("/secret").statusCode()).as("signed in").isEqualTo(200);
		return browser;
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
