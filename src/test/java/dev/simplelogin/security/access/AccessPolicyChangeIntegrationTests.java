package dev.simplelogin.security.access;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HostileProvider.Misbehaviour;
import dev.simplelogin.testsupport.HttpFlow;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules are read at start, so a changed rule is a restart with other settings on the same
 * session store: people signed in before it are held to it on their next request.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessPolicyChangeIntegrationTests {

	private final HostileProvider provider = new HostileProvider();

	@TempDir
	private Path data;

	@AfterEach
	void stopProvider() {
		this.provider.close();
	}

	@Test
	void domainRemovedAtARestartSignsItsPeopleOutOnTheirNextRequest(CapturedOutput output) {
		String ada;
		String bob;
		try (AppInstance before = start("corp.example,partner.example")) {
			ada = signIn(before, "ada", "ada@partner.example");
			bob = signIn(before, "bob", "bob@corp.example");
		}

		try (AppInstance after = start("corp.example")) {
			assertThat(sessionRows(after, ada)).isOne();
			HttpFlow adaBrowser = browserWithSession(after, ada);
			HttpResponse<String> next = adaBrowser.get("/");

			assertThat(next.statusCode()).isEqualTo(302);
			assertThat(HttpFlow.location(next)).hasPath("/login").hasQuery("error=not-allowed");
			assertThat(adaBrowser.follow(next).body()).contains("This account is no longer allowed here.");
			assertThat(sessionRows(after, ada)).isZero();
			assertThat(output).containsPattern("Session [0-9a-f]{12} of \\S+ ended \\(policy\\)");
			assertThat(after.bean(MeterRegistry.class)
				.get("simplelogin.sign.outs")
				.tag("kind", "policy")
				.counter()
				.count()).isEqualTo(1);
			assertThat(adaBrowser.get("/secret").statusCode()).isEqualTo(302);

			HttpFlow bobBrowser = browserWithSession(after, bob);
			assertThat(bobBrowser.get("/secret").statusCode()).isEqualTo(200);
			assertThat(sessionRows(after, bob)).isOne();
		}
	}

	@Test
	void unchangedRulesLeaveSessionsAlone() {
		String ada;
		try (AppInstance before = start("partner.example")) {
			ada = signIn(before, "ada", "ada@partner.example");
		}

		try (AppInstance after = start("partner.example")) {
			assertThat(browserWithSession(after, ada).get("/secret").statusCode()).isEqualTo(200);
		}
	}

	private AppInstance start(String domains) {
		Map<String, String> properties = new HashMap<>(this.provider.clientProperties());
		properties.put("spring.datasource.url", "jdbc:h2:file:" + this.data.resolve("simple-login"));
		properties.put("simplelogin.session.cleanup-cron", "-");
		properties.put("simplelogin.access.domains", domains);
		return AppInstance.start(properties);
	}

	private String signIn(AppInstance app, String subject, String email) {
		this.provider.misbehave(Misbehaviour.claims((claims) -> claims.put("email", email)));
		HttpFlow browser = app.browser();
		HttpResponse<String> page = browser.follow(browser.get(browser.callbackFrom("hostile", subject).toString()));
		assertThat(page.body()).contains("Hello, User " + subject);
		return browser.cookie("SESSION").orElseThrow();
	}

	private static HttpFlow browserWithSession(AppInstance app, String session) {
		HttpFlow browser = app.browser();
		browser.setCookie("SESSION", session);
		return browser;
	}

	// The cookie holds the session id in base64.
	private static int sessionRows(AppInstance app, String cookie) {
		String id = new String(Base64.getDecoder().decode(cookie), StandardCharsets.US_ASCII);
		return app.bean(JdbcTemplate.class)
			.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID = ?", Integer.class, id);
	}

}
