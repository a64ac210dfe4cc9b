package dev.simplelogin.security;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HostileProvider.Misbehaviour;
import dev.simplelogin.testsupport.HostileProvider.Signing;
import dev.simplelogin.testsupport.HttpFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.simplelogin.testsupport.HostileProvider.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad sign-in is refused. Each case runs the whole flow over real HTTP against a
 * provider that misbehaves in one way (OpenID Connect Core 3.1.3.7 and the RP conformance
 * tests), and checks the verdict: REJECT means no signed-in session, the friendly sign-in
 * page (never an error page, nothing from the request echoed) and /secret still asking
 * for sign-in; ACCEPT means signed in.
 */
@AppWithDemoProviderTest(properties = "simplelogin.provider.read-timeout=1s")
@ExtendWith(OutputCaptureExtension.class)
class HostileProviderIntegrationTests {

	private static final HostileProvider provider = new HostileProvider();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	private HttpFlow browser;

	@DynamicPropertySource
	static void registerHostileProvider(DynamicPropertyRegistry registry) {
		provider.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@BeforeEach
	void newBrowser() {
		this.browser = new HttpFlow("http://127.0.0.1:" + this.port);
	}

	@AfterEach
	void honestAgain() {
		provider.behave();
	}

	static Stream<Arguments> cases() {
		return Stream.of(accept("an honest provider", Misbehaviour.none()),
				reject("wrong iss", Misbehaviour.claim("iss", "http://evil.example"),
						"(rejected): invalid_id_token (wrong issuer, audience, authorized party or times)"),
				reject("missing iss", Misbehaviour.claim("iss", null),
						"(rejected): invalid_id_token (wrong issuer, audience, authorized party or times)"),
				reject("wrong aud", Misbehaviour.claim("aud", List.of("someone-else")),
						"(rejected): invalid_id_token (wrong issuer, audience, authorized party or times)"),
				reject("missing aud", Misbehaviour.claim("aud", null),
						"(rejected): invalid_id_token (wrong issuer, audience, authorized party or times)"),
				reject("several audiences without azp", Misbehaviour.claim("aud", List.of(CLIENT_ID, "other-client")),
						"(rejected): invalid_id_token (wrong issuer, audience, authorized party or times)"),
				accept("several audiences with our azp", Misbehaviour.claims((claims) -> {
					claims.put("aud", List.of(CLIENT_ID, "other-client"));
					claims.put("azp", CLIENT_ID);
				})), reject("azp naming another client", Misbehaviour.claims((claims) -> {
					claims.put("aud", List.of(CLIENT_ID, "other-client"));
					claims.put("azp", "other-client");
				}), "(rejected): invalid_id_token (wrong issuer, audience, authorized party or times)"),
				reject("missing sub", Misbehaviour.claim("sub", null),
						"(rejected): invalid_id_token (wrong issuer, audience, authorized party or times)"),
				reject("missing iat", Misbehaviour.claim("iat", null),
						"(rejected): invalid_id_token (wrong issuer, audience, authorized party or times, issued too long ago or in the future)"),
				reject("iat ten minutes in the future", Misbehaviour.claims((claims) -> {
					claims.put("iat", fromNow(Duration.ofMinutes(10)));
					claims.put("exp", fromNow(Duration.ofMinutes(20)));
				}), "(rejected): invalid_id_token (wrong issuer, audience, authorized party or times, issued too long ago or in the future)"),
				accept("iat 30 s in the future (clock skew)", Misbehaviour.claimFromNow("iat", Duration.ofSeconds(30))),
				reject("iat more than 5 minutes old", Misbehaviour.claimFromNow("iat", Duration.ofMinutes(-7)),
						"(rejected): invalid_id_token (issued too long ago or in the future)"),
				accept("iat 2 minutes old", Misbehaviour.claimFromNow("iat", Duration.ofMinutes(-2))),
				reject("exp in the past", Misbehaviour.claims((claims) -> {
					claims.put("iat", fromNow(Duration.ofMinutes(-4)));
					claims.put("exp", fromNow(Duration.ofMinutes(-2)));
				}), "(rejected): invalid_id_token (expired or not yet valid, wrong issuer, audience, authorized party or times)"),
				accept("exp 30 s ago (clock skew)", Misbehaviour.claims((claims) -> {
					claims.put("iat", fromNow(Duration.ofSeconds(-90)));
					claims.put("exp", fromNow(Duration.ofSeconds(-30)));
				})),
				reject("missing exp", Misbehaviour.claim("exp", null),
						"(rejected): invalid_id_token (wrong issuer, audience, authorized party or times)"),
				reject("wrong nonce", Misbehaviour.claim("nonce", "not-the-nonce"),
						"(rejected): invalid_nonce (nonce mismatch)"),
				reject("missing nonce", Misbehaviour.claim("nonce", null),
						"(rejected): invalid_nonce (nonce mismatch)"),
				reject("bad RS256 signature", Misbehaviour.signing(Signing.BAD_SIGNATURE),
						"(rejected): invalid_id_token (bad signature)"),
				reject("alg none", Misbehaviour.signing(Signing.NONE), "(rejected): invalid_id_token (unsigned token)"),
				reject("HS256 signed with the client secret", Misbehaviour.signing(Signing.HS256_WITH_CLIENT_SECRET),
						"(rejected): invalid_id_token (unknown signing key or algorithm)"),
				reject("an access token's type", Misbehaviour.signing(Signing.ACCESS_TOKEN_TYPE),
						"(rejected): invalid_id_token (not a JWT)"),
				reject("not a JWT at all", Misbehaviour.signing(Signing.MALFORMED),
						"(rejected): invalid_id_token (malformed token)"),
				reject("a key not in the JWKS", Misbehaviour.signing(Signing.UNKNOWN_KEY),
						"(rejected): invalid_id_token (unknown signing key or algorithm)"),
				reject("userinfo sub differs from the ID token's", Misbehaviour.userInfoSubject("someone-else"),
						"(rejected): invalid_user_info_response (userinfo refused or for another subject)"),
				reject("token endpoint answering invalid_grant", Misbehaviour.tokenError("invalid_grant"),
						"(rejected): invalid_grant"),
				reject("token endpoint hanging", Misbehaviour.tokenDelay(Duration.ofSeconds(3)),
						"(unreachable): invalid_token_response"),
				reject("access_denied with markup in error_description",
						Misbehaviour.authorizationError("access_denied",
								"<script>alert('pwned')</script><b>denied</b>"),
						"(cancelled): access_denied"),
				reject("a tampered state", Misbehaviour.state("forged-state"),
						"(expired): authorization_request_not_found"));
	}

	@ParameterizedTest(name = "{0}: {2}")
	@MethodSource("cases")
	void signInVerdict(String name, Misbehaviour misbehaviour, String verdict, String logged, CapturedOutput output) {
		provider.misbehave(misbehaviour);

		HttpResponse<String> page = this.browser
			.follow(this.browser.get(this.browser.callbackFrom("hostile", "mallory").toString()));

		if (verdict.equals("ACCEPT")) {
			assertSignedIn(this.browser, page);
		}
		else {
			assertRejected(this.browser, page);
			assertThat(
					output.getAll().lines().filter((line) -> line.contains("Sign-in failed at ")).reduce((a, b) -> b))
				.hasValueSatisfying((line) -> assertThat(line).endsWith("Sign-in failed at hostile " + logged));
		}
	}

	@Test
	void replayedCallbackIsRejected() {
		URI callback = this.browser.callbackFrom("hostile", "mallory");
		assertSignedIn(this.browser, this.browser.follow(this.browser.get(callback.toString())));
		String csrf = HttpFlow.csrfToken(this.browser.get("/logout").body());
		assertThat(this.browser.post("/logout", Map.of("_csrf", csrf)).statusCode()).isEqualTo(302);

		HttpFlow attacker = new HttpFlow("http://127.0.0.1:" + this.port);
		assertRejected(attacker, attacker.follow(attacker.get(callback.toString())));
		assertRejected(this.browser, this.browser.follow(this.browser.get(callback.toString())));
	}

	@Test
	void keysRotatedBetweenTwoSignInsAreFetchedOnceMore() {
		HttpFlow first = new HttpFlow("http://127.0.0.1:" + this.port);
		assertSignedIn(first, signIn(first, "first"));
		int fetches = provider.jwksFetches();

		provider.rotateKeys();

		HttpFlow second = new HttpFlow("http://127.0.0.1:" + this.port);
		assertSignedIn(second, signIn(second, "second"));
		assertSignedIn(this.browser, signIn(this.browser, "third"));
		assertThat(provider.jwksFetches()).isEqualTo(fetches + 1);
	}

	@Test
	void logsNameTheProviderAndReasonButNoTokenCodeSecretOrSessionId(CapturedOutput output) {
		signIn(this.browser, "logged");
		provider.misbehave(Misbehaviour.claim("nonce", "not-the-nonce"));
		HttpFlow rejected = new HttpFlow("http://127.0.0.1:" + this.port);
		signIn(rejected, "logged");
		provider.misbehave(Misbehaviour.signing(Signing.BAD_SIGNATURE));
		signIn(rejected, "logged");

		assertThat(output).contains("Signed in at hostile", "Sign-in failed at hostile (rejected): invalid_nonce",
				"Sign-in failed at hostile (rejected): invalid_id_token (bad signature)");
		List<String> secrets = new ArrayList<>(provider.issuedSecrets());
		this.browser.cookie("SESSION").ifPresent(secrets::add);
		rejected.cookie("SESSION").ifPresent(secrets::add);
		this.jdbc.queryForList("SELECT SESSION_ID FROM SPRING_SESSION", String.class).forEach(secrets::add);
		assertThat(secrets).hasSizeGreaterThan(5).allSatisfy((secret) -> assertThat(output).doesNotContain(secret));
	}

	private HttpResponse<String> signIn(HttpFlow flow, String subject) {
		return flow.follow(flow.get(flow.callbackFrom("hostile", subject).toString()));
	}

	private static void assertSignedIn(HttpFlow flow, HttpResponse<String> page) {
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/");
		assertThat(page.body()).contains("Hello, User ");
		assertThat(flow.get("/secret").statusCode()).isEqualTo(200);
	}

	private void assertRejected(HttpFlow flow, HttpResponse<String> page) {
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/login");
		assertThat(page.body()).contains("role=\"alert\"")
			.doesNotContain("<script>alert", "Exception", "mallory", "forged-state", "pwned");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME IS NOT NULL",
				Integer.class))
			.isZero();
		assertThat(flow.get("/secret").statusCode()).isEqualTo(302);
	}

	// Evaluated when the provider issues the token, not when the cases are listed.
	private static Date fromNow(Duration offset) {
		return Date.from(Instant.now().plus(offset));
	}

	private static Arguments accept(String name, Misbehaviour misbehaviour) {
		return Arguments.of(name, misbehaviour, "ACCEPT", "");
	}

	// What the log says: the reason the sign-in page shows, the error code, and which
	// check refused the token.
	private static Arguments reject(String name, Misbehaviour misbehaviour, String logged) {
		return Arguments.of(name, misbehaviour, "REJECT", logged);
	}

}
