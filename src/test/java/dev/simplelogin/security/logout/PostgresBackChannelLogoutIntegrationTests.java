package dev.simplelogin.security.logout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.AppInstances;
import dev.simplelogin.testsupport.HostileLogoutToken;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HostileProvider.Misbehaviour;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.Refusal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static dev.simplelogin.security.logout.BackChannelLogoutIntegrationTests.assertRefused;
import static dev.simplelogin.security.logout.BackChannelLogoutIntegrationTests.assertSignedIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-channel logout with two instances on one PostgreSQL, each with its session cache:
 * a logout token posted to either instance ends the sessions it names on both within the
 * revocation bound, whichever instance they were signed in on; a token used on one is
 * refused by the other, and a hostile one ends nothing on either.
 */
@ExtendWith(PostgresAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresBackChannelLogoutIntegrationTests {

	/**
	 * The README's promise: a session ended anywhere is refused everywhere within this.
	 */
	private static final Duration BOUND = Duration.ofMillis(100);

	private final HostileProvider provider = new HostileProvider();

	private final AppInstances instances = new AppInstances();

	private Map<String, String> properties;

	private AppInstance a;

	private AppInstance b;

	@BeforeAll
	void startTwoInstances() {
		this.properties = new HashMap<>(this.provider.clientProperties());
		this.properties.put("simplelogin.session.cleanup-cron", "-");
		this.a = this.instances.start(this.properties, "postgres");
		this.b = this.instances.start(this.properties, "postgres");
	}

	@AfterEach
	void forgetSessions() {
		this.instances.forgetSessions();
	}

	@AfterAll
	void stopThem() {
		this.instances.close();
		this.provider.close();
	}

	@Test
	void logoutTokenBySidPostedToOneInstanceEndsTheSessionOnTheOtherWithinTheBound() {
		List<Duration> delays = new ArrayList<>();
		// The first round warms both instances' code paths up and is not counted.
		for (int i = 0; i <= 5; i++) {
			HttpFlow onA = signIn(this.a, "alice", "sid-" + i);

			assertThat(post(this.b, this.provider.logoutToken(null, "sid-" + i)).statusCode()).isEqualTo(200);

			Duration delay = Refusal.of(onA);
			if (i > 0) {
				delays.add(delay);
			}
		}

		System.out.println("Back-channel logout on B refused by A after " + delays);
		assertThat(delays).allSatisfy((delay) -> assertThat(delay).isLessThan(BOUND));
	}

	@Test
	void logoutTokenBySubEndsEverySessionOfThatPersonOnBothInstancesAndNoOneElse() {
		HttpFlow aliceOnA = signIn(this.a, "alice", "sid-a");
		HttpFlow aliceOnB = signIn(this.b, "alice", null);
		HttpFlow bobOnA = signIn(this.a, "bob", "sid-b");

		assertThat(post(this.b, this.provider.logoutToken("alice", null)).statusCode()).isEqualTo(200);

		assertThat(Refusal.of(aliceOnA)).isLessThan(BOUND);
		assertThat(Refusal.of(aliceOnB)).isLessThan(BOUND);
		assertSignedIn(bobOnA);
	}

	@Test
	void logoutTokenUsedOnOneInstanceIsRefusedByTheOther() {
		String token = this.provider.logoutToken("alice", null);
		assertThat(post(this.a, token).statusCode()).isEqualTo(200);
		HttpFlow alice = signIn(this.a, "alice", "sid-a");

		assertRefused(post(this.b, token));

		assertSignedIn(alice);
	}

	@Test
	void instanceStartedAfterTheSignInEndsTheSession() {
		HttpFlow onA = signIn(this.a, "alice", "sid-before-restart");

		try (AppInstance restarted = this.instances.start(this.properties, "postgres")) {
			assertThat(post(restarted, this.provider.logoutToken("alice", "sid-before-restart")).statusCode())
				.isEqualTo(200);
		}

		assertThat(Refusal.of(onA)).isLessThan(BOUND);
	}

	static Stream<Arguments> logoutTokensThatEndNothing() {
		return Stream.of(Arguments.of(HostileLogoutToken.BAD_SIGNATURE, 400),
				Arguments.of(HostileLogoutToken.WRONG_AUDIENCE, 400),
				Arguments.of(HostileLogoutToken.NONCE_PRESENT, 400), Arguments.of(HostileLogoutToken.UNKNOWN_SID, 200));
	}

	// A token that ends sessions deletes their rows before it is answered, so the rows
	// can be counted at once; then each instance must still serve every session.
	@ParameterizedTest(name = "{0}")
	@MethodSource("logoutTokensThatEndNothing")
	void hostileLogoutTokenPostedToOneInstanceEndsNothingOnEither(HostileLogoutToken token, int status) {
		List<HttpFlow> browsers = List.of(signIn(this.a, "alice", "sid-alice-a"),
				signIn(this.b, "alice", "sid-alice-b"), signIn(this.b, "bob", "sid-bob"));

		HttpResponse<String> answer = post(this.a, token.from(this.provider, "alice"));

		assertThat(answer.statusCode()).isEqualTo(status);
		assertThat(this.a.bean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM spring_session", Integer.class))
			.isEqualTo(3);
		for (HttpFlow browser : browsers) {
			for (AppInstance instance : List.of(this.a, this.b)) {
				assertThat(browser.get(instance.baseUrl() + "/secret").statusCode()).as(instance.baseUrl())
					.isEqualTo(200);
			}
		}
	}

	// Signed in on an instance, and asked for again so that its cache holds the session.
	private HttpFlow signIn(AppInstance instance, String subject, String sid) {
		this.provider.misbehave((sid != null) ? Misbehaviour.claim("sid", sid) : Misbehaviour.none());
		HttpFlow browser = instance.browser();
		browser.follow(browser.get(browser.callbackFrom("hostile", subject).toString()));
		this.provider.behave();
		for (int i = 0; i < 3; i++) {
			assertSignedIn(browser);
		}
		return browser;
	}

	private static HttpResponse<String> post(AppInstance instance, String logoutToken) {
		return new HttpFlow(instance.baseUrl()).post("/logout/connect/back-channel/hostile",
				Map.of("logout_token", logoutToken));
	}

	// How long after the logout's answer the session is refused (sent to sign in).

}
