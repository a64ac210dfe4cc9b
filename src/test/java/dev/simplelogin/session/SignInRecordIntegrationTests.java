package dev.simplelogin.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a session keeps of its sign-in, and the absolute lifetime that follows from it
 * (here 3 s, so that the test waits seconds, not a day).
 */
@AppWithDemoProviderTest(properties = "simplelogin.session.max-age=3s")
@ExtendWith(OutputCaptureExtension.class)
class SignInRecordIntegrationTests {

	private final DemoOpenIdProvider provider = TestProviders.demo();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private FindByIndexNameSessionRepository<? extends Session> sessions;

	@Autowired
	private MeterRegistry meters;

	private HttpFlow browser;

	@BeforeEach
	void newBrowser() {
		this.browser = new HttpFlow("http://127.0.0.1:" + this.port);
	}

	@Test
	void principalIndexHoldsIssuerAndSubject() {
		Instant before = Instant.now();
		this.browser.signIn("/secret", this.provider.account("alice"));

		String index = SignInRecord.principalIndex(this.provider.issuer(), "alice");
		assertThat(this.jdbc.queryForList("SELECT PRINCIPAL_NAME FROM SPRING_SESSION", String.class))
			.containsExactly(index);
		Map<String, ? extends Session> found = this.sessions.findByPrincipalName(index);
		assertThat(found.values()).singleElement().satisfies((session) -> {
			SignInRecord signIn = SignInRecord.of(session).orElseThrow();
			assertThat(signIn.at()).isBetween(before, Instant.now());
			assertThat(signIn.address()).isEqualTo("127.0.0.1");
			assertThat(signIn.browser()).isEqualTo("Unknown browser");
		});
		assertThat(this.sessions.findByPrincipalName("alice")).isEmpty();
	}

	@Test
	void sessionEndsAtItsMaxAgeHoweverActiveAndTheSignInPageSaysWhy(CapturedOutput output) {
		double endedBefore = maxAgeEndings();
		this.browser.signIn("/secret", this.provider.account("alice"));
		Instant signedIn = Instant.now();

		HttpResponse<String> page = this.browser.get("/secret");
		while (page.statusCode() == 200 && Instant.now().isBefore(signedIn.plusSeconds(10))) {
			page = this.browser.get("/secret");
		}

		assertThat(Duration.between(signedIn, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(page)).hasPath("/login").hasQuery("error=ended");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class)).isZero();
		assertThat(this.browser.follow(page).body()).contains("signed in for as long as this site allows");
		assertThat(this.browser.get("/secret").statusCode()).isEqualTo(302);
		assertThat(output).containsPattern("Session [0-9a-f]{12} of demo ended \\(max-age\\)");
		assertThat(maxAgeEndings()).isEqualTo(endedBefore + 1);
	}

	private double maxAgeEndings() {
		Counter ended = this.meters.find("simplelogin.sign.outs").tag("kind", "max-age").counter();
		return (ended != null) ? ended.count() : 0;
	}

}
