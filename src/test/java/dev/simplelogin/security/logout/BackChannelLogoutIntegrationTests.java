package dev.simplelogin.security.logout;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.simplelogin.session.SessionKey;
import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HostileLogoutToken;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HostileProvider.Misbehaviour;
import dev.simplelogin.testsupport.HostileProvider.Signing;
import dev.simplelogin.testsupport.HttpFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect Back-Channel Logout over real HTTP, on H2: a provider's logout token
 * ends the sessions it names, and nothing else; a bad one is refused with a 400 and ends
 * nothing.
 */
@AppWithDemoProviderTest
@ExtendWith(OutputCaptureExtension.class)
class BackChannelLogoutIntegrationTests {

	private static final HostileProvider provider = new HostileProvider();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private LogoutTokenReplays replays;

	@DynamicPropertySource
	static void registerProvider(DynamicPropertyRegistry registry) {
		provider.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@AfterEach
	void honestAgain() {
		provider.behave();
	}

	@Test
	void logoutTokenWithSidEndsThatSessionOnly() {
		HttpFlow laptop = signIn("alice", "sid-laptop");
		HttpFlow phone = signIn("alice", "sid-phone");

		HttpResponse<String> answer = post(provider.logoutToken("alice", "sid-laptop"));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((cacheControl) -> assertThat(cacheControl).contains("no-store"));
		assertSignedOut(laptop);
		assertSignedIn(phone);
	}

	@Test
	void signingInAgainInTheSameBrowserLinksTheSessionToTheNewProviderSession() {
		HttpFlow browser = signIn("alice", "sid-first");
		provider.misbehave(Misbehaviour.claim("sid", "sid-second"));
		browser.follow(browser.get(browser.callbackFrom("hostile", "alice").toString()));
		provider.behave();
		assertSignedIn(browser);

		assertThat(post(provider.logoutToken(null, "sid-first")).statusCode()).isEqualTo(200);
		assertSignedIn(browser);
		assertThat(post(provider.logoutToken(null, "sid-second")).statusCode()).isEqualTo(200);
		assertSignedOut(browser);
	}

	@Test
	void logoutTokenWithSidAloneEndsThatSession() {
		HttpFlow laptop = signIn("alice", "sid-laptop");

		assertThat(post(provider.logoutToken(null, "sid-laptop")).statusCode()).isEqualTo(200);

		assertSignedOut(laptop);
	}

	@Test
	void logoutTokenWithSubAloneEndsEverySessionOfThatPerson() {
		HttpFlow laptop = signIn("alice", "sid-laptop");
		HttpFlow phone = signIn("alice", null);
		HttpFlow bob = signIn("bob", "sid-bob");

		assertThat(post(provider.logoutToken("alice", null)).statusCode()).isEqualTo(200);

		assertSignedOut(laptop);
		assertSignedOut(phone);
		assertSignedIn(bob);
	}

	@Test
	void logoutTokenForOnePersonNeverEndsAnotherPersonsSession() {
		HttpFlow alice = signIn("alice", "sid-alice");
		HttpFlow bob = signIn("bob", "sid-bob");

		// Alice's subject with Bob's sid: the two must belong together.
		assertThat(post(provider.logoutToken("alice", "sid-bob")).statusCode()).isEqualTo(200);
		assertThat(post(provider.logoutToken("alice", "sid-alice")).statusCode()).isEqualTo(200);

		assertSignedOut(alice);
		assertSignedIn(bob);
	}

	@Test
	void logoutTokenForAnUnknownSidEndsNothingAndIsAnswered200() {
		HttpFlow alice = signIn("alice", "sid-alice");

		assertThat(post(provider.logoutToken("alice", "sid-nobody-has")).statusCode()).isEqualTo(200);
		assertThat(post(provider.logoutToken(null, "sid-nobody-has")).statusCode()).isEqualTo(200);

		assertSignedIn(alice);
	}

	@Test
	void replayedLogoutTokenIsRefused() {
		String token = provider.logoutToken("alice", null);
		assertThat(post(token).statusCode()).isEqualTo(200);
		HttpFlow alice = signIn("alice", "sid-alice");

		HttpResponse<String> replay = post(token);

		assertRefused(replay);
		assertSignedIn(alice);
	}

	@Test
	void usedTokensAreForgottenOnlyOnceTheyWouldBeRefusedAsTooOldAnyway() {
		this.jdbc.update("DELETE FROM SIMPLELOGIN_LOGOUT_TOKEN");
		assertThat(this.replays.firstUse(provider.issuer(), "old", Instant.now().minus(Duration.ofMinutes(7))))
			.isTrue();
		assertThat(this.replays.firstUse(provider.issuer(), "fresh", Instant.now().minus(Duration.ofMinutes(4))))
			.isTrue();

		assertThat(this.replays.deleteExpired()).isEqualTo(1);

		assertThat(this.replays.firstUse(provider.issuer(), "fresh", Instant.now())).isFalse();
		assertThat(this.replays.firstUse(provider.issuer(), "old", Instant.now())).isTrue();
	}

	static List<HostileLogoutToken> hostileTokens() {
		return HostileLogoutToken.refused();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileTokens")
	void hostileLogoutTokenIsRefusedAndEndsNothing(HostileLogoutToken token) {
		HttpFlow alice = signIn("alice", "sid-alice");

		HttpResponse<String> answer = post(token.from(provider, "alice"));

		assertRefused(answer);
		assertSignedIn(alice);
	}

	@ParameterizedTest(name = "typ {0}")
	@MethodSource("acceptedTypes")
	void logoutTokenTypedLogoutJwtOrJwtOrUntypedIsAccepted(String type) {
		HttpFlow alice = signIn("alice", "sid-alice");

		assertThat(post(provider.logoutToken((claims) -> claims.put("sid", "sid-alice"), type, Signing.HONEST))
			.statusCode()).isEqualTo(200);

		assertSignedOut(alice);
	}

	static Stream<String> acceptedTypes() {
		return Stream.of("logout+jwt", "JWT", null);
	}

	@Test
	void logoutTokenForAnUnknownProviderOrWithoutTokenIsRefused() {
		HttpFlow endpoint = new HttpFlow(baseUrl());
		assertRefused(endpoint.post("/logout/connect/back-channel/nobody",
				Map.of("logout_token", provider.logoutToken("alice", null))));
		assertRefused(endpoint.post("/logout/connect/back-channel/hostile", Map.of()));
		assertRefused(endpoint.post("/logout/connect/back-channel/hostile", Map.of("logout_token", "not.a.jwt")));
	}

	@Test
	void endpointNeedsNoSessionOrCsrfTokenAndMakesNoSession() {
		HttpResponse<String> answer = post(provider.logoutToken("alice", null));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class)).isZero();
	}

	@Test
	void logsOneLineWithProviderCountAndSessionKeysButNoTokenOrSessionId(CapturedOutput output) {
		HttpFlow alice = signIn("alice", "sid-alice");
		String sessionId = sessionId(alice);
		String token = provider.logoutToken("alice", "sid-alice");

		post(token);

		assertThat(output.getAll().lines().filter((line) -> line.contains("Back-channel logout from hostile")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("ended 1 session(s) [")
				.contains(SessionKey.of(sessionId).abbreviated()));
		assertThat(output.getAll()).doesNotContain(token).doesNotContain(sessionId).doesNotContain("sid-alice");
	}

	private HttpFlow signIn(String subject, String sid) {
		provider.misbehave((sid != null) ? Misbehaviour.claim("sid", sid) : Misbehaviour.none());
		HttpFlow browser = new HttpFlow(baseUrl());
		browser.follow(browser.get(browser.callbackFrom("hostile", subject).toString()));
		provider.behave();
		assertSignedIn(browser);
		return browser;
	}

	static String sessionId(HttpFlow browser) {
		return new String(Base64.getDecoder().decode(browser.cookie("SESSION").orElseThrow()), StandardCharsets.UTF_8);
	}

	private HttpResponse<String> post(String logoutToken) {
		return new HttpFlow(baseUrl()).post("/logout/connect/back-channel/hostile",
				Map.of("logout_token", logoutToken));
	}

	static void assertRefused(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(answer.body()).contains("\"error\":\"invalid_request\"");
		assertThat(answer.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((cacheControl) -> assertThat(cacheControl).contains("no-store"));
	}

	static void assertSignedIn(HttpFlow browser) {
		assertThat(browser.get("/secret").statusCode()).as("signed in").isEqualTo(200);
	}

	static void assertSignedOut(HttpFlow browser) {
		assertThat(browser.get("/secret").statusCode()).as("signed out").isEqualTo(302);
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

}
