package dev.simplelogin.security;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.DemoAccount;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * The whole sign-in over real HTTP: the app on a random port, the demo provider (Spring
 * Authorization Server) beside it, and a cookie-keeping client walking every hop.
 */
@AppWithDemoProviderTest
@ExtendWith(OutputCaptureExtension.class)
class SignInFlowIntegrationTests {

	private static final String EXPIRED = "Your sign-in expired or was started in another browser";

	private static final String REJECTED = "could not be verified";

	private final DemoOpenIdProvider provider = TestProviders.demo();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private OAuth2AuthorizedClientService bootAuthorizedClients;

	private HttpFlow browser;

	private DemoAccount alice;

	@BeforeEach
	void newBrowser() {
		this.browser = new HttpFlow("http://127.0.0.1:" + this.port);
		this.alice = this.provider.account("alice");
	}

	@AfterEach
	void resetProvider() {
		this.provider.resetClaims();
	}

	@Test
	void signInThroughProviderLandsBackOnSecretPageWithUsersName() {
		HttpResponse<String> page = this.browser.signIn("/secret", this.alice);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/secret");
		assertThat(page.body()).contains("Only logged in user can see this.", "Alice Example", "alice@example.com",
				this.provider.issuer());
	}

	@Test
	void anonymousBrowserIsSentToSignInPageWhichOffersTheConfiguredProvider() {
		HttpResponse<String> response = this.browser.get("/secret");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(response).getPath()).isEqualTo("/login");
		assertThat(this.browser.follow(response).body()).contains("href=\"/oauth2/authorization/demo\"",
				"Sign in with Demo provider");
	}

	@Test
	void signingInAgainRefreshesTheUserMapForSessionsAlreadyOpen() {
		this.browser.signIn("/secret", this.alice);
		this.provider.overrideIdTokenClaim("name", "Alice Renamed");

		new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", this.alice);

		assertThat(this.browser.get("/secret").body()).contains("Alice Renamed").doesNotContain("Alice Example");
	}

	@Test
	void unknownProviderInSignInUrlIsNotAServerError() {
		assertThat(this.browser.get("/oauth2/authorization/nonsense").statusCode()).isEqualTo(404);
		this.browser.signIn("/secret", this.alice);
		assertThat(this.browser.get("/oauth2/authorization/nonsense").statusCode()).isEqualTo(404);
	}

	@Test
	void anonymousJsonRequestGets401WithoutRedirect() {
		HttpResponse<String> response = this.browser.get("/secret", "Accept", "application/json");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void authorizationRequestCarriesStateNonceAndS256CodeChallenge() {
		Map<String, String> request = HttpFlow.queryParameters(this.browser.startSignIn("demo"));

		assertThat(request.get("state")).hasSizeGreaterThanOrEqualTo(32);
		assertThat(request.get("nonce")).hasSizeGreaterThanOrEqualTo(32);
		assertThat(request.get("code_challenge")).hasSize(43);
		assertThat(request.get("code_challenge_method")).isEqualTo("S256");
		assertThat(request.get("response_type")).isEqualTo("code");
	}

	@Test
	void registrationWithoutScopesStillRequestsOpenId() {
		Map<String, String> request = HttpFlow.queryParameters(this.browser.startSignIn("demo"));

		assertThat(request.get("scope").split(" ")).containsExactly("openid", "profile", "email");
	}

	@Test
	void signedInSessionIsIndexedByIssuerAndSubject() {
		this.browser.signIn("/secret", this.alice);

		List<String> principals = this.jdbc
			.queryForList("SELECT PRINCIPAL_NAME FROM SPRING_SESSION WHERE PRINCIPAL_NAME IS NOT NULL", String.class);
		assertThat(principals).containsExactly(this.provider.issuer() + " alice");
	}

	@Test
	void sessionCookieIsHttpOnlyLaxForWholeSiteAndEndsWithBrowser() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);
		HttpResponse<String> response = this.browser.get(callback.toString());

		List<String> setCookies = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("SESSION="))
			.toList();
		assertThat(setCookies).hasSize(1);
		String cookie = setCookies.get(0);
		assertThat(cookie).startsWith("SESSION=").contains("; HttpOnly", "; SameSite=Lax", "; Path=/");
		assertThat(cookie).doesNotContainIgnoringCase("Max-Age")
			.doesNotContainIgnoringCase("Expires")
			.doesNotContainIgnoringCase("Domain");
	}

	@Test
	void noJsessionidIsEverIssued() {
		this.browser.signIn("/secret", this.alice);
		this.browser.get("/");

		assertThat(this.browser.cookie("JSESSIONID")).isEmpty();
		assertThat(this.browser.cookie("SESSION")).isPresent();
	}

	@Test
	void sessionIdChangesAtSignIn() {
		HttpFlow planter = new HttpFlow(this.browser.baseUrl());
		planter.signIn("/secret", this.alice);
		String planted = planter.cookie("SESSION").orElseThrow();
		this.browser.setCookie("SESSION", planted);

		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"),
				TestProviders.demo().account("bob"));
		this.browser.get(callback.toString());

		assertThat(this.browser.cookie("SESSION")).isPresent().get().isNotEqualTo(planted);
		assertThat(this.browser.get("/secret").body()).contains("bob@example.com");
	}

	@Test
	void signOutDeletesSessionRowAndOldCookieNoLongerOpensSecret() {
		this.browser.signIn("/secret", this.alice);
		String sessionCookie = this.browser.cookie("SESSION").orElseThrow();
		String csrf = HttpFlow.csrfToken(this.browser.get("/logout").body());

		HttpResponse<String> signedOut = this.browser.post("/logout", Map.of("_csrf", csrf));

		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(this.browser.follow(signedOut).body()).contains("You have been signed out");
		assertThat(sessionRowsOf("alice")).isZero();
		HttpFlow replay = new HttpFlow("http://127.0.0.1:" + this.port);
		replay.setCookie("SESSION", sessionCookie);
		assertThat(replay.get("/secret").statusCode()).isEqualTo(302);
	}

	@Test
	void signOutWithoutCsrfTokenKeepsSessionAndAsksAgain() {
		this.browser.signIn("/secret", this.alice);

		HttpResponse<String> response = this.browser.post("/logout", Map.of());

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(response).getPath()).isEqualTo("/logout");
		assertThat(this.browser.get("/secret").statusCode()).isEqualTo(200);
	}

	@Test
	void tamperedStateShowsFriendlyErrorAndSignsNobodyIn() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);
		String tampered = callback.toString().replaceFirst("state=[^&]+", "state=forged-state");

		HttpResponse<String> page = this.browser.follow(this.browser.get(tampered));

		assertThat(page.uri().getPath()).isEqualTo("/login");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(EXPIRED).doesNotContain("forged-state");
		assertThat(sessionRowsOf("alice")).isZero();
		assertThat(this.browser.get("/secret").statusCode()).isEqualTo(302);
	}

	@Test
	void idTokenWithWrongNonceIsRejected() {
		this.provider.overrideIdTokenClaim("nonce", "not-the-nonce-we-sent");

		HttpResponse<String> page = this.browser.follow(this.browser
			.get(this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice).toString()));

		assertThat(page.body()).contains(REJECTED);
		assertThat(sessionRowsOf("alice")).isZero();
	}

	@Test
	void codeIssuedForAnotherSignInIsRejectedBecauseItsPkceVerifierDiffers(CapturedOutput output) {
		URI victimRequest = this.browser.startSignIn("demo");
		HttpFlow attacker = new HttpFlow("http://127.0.0.1:" + this.port);
		URI attackerCallback = attacker.authorizeAtProvider(attacker.startSignIn("demo"), this.alice);
		String victimState = HttpFlow.queryParameters(victimRequest).get("state");
		String injected = attackerCallback.toString().replaceFirst("state=[^&]+", "state=" + victimState);

		HttpResponse<String> page = this.browser.follow(this.browser.get(injected));

		assertThat(page.body()).contains(REJECTED);
		// The provider refused the code exchange, before any ID token (and nonce)
		// existed.
		assertThat(output).contains("Sign-in failed at demo (rejected): invalid_grant");
		assertThat(sessionRowsOf("alice")).isZero();
	}

	@Test
	void clientSecretIsNeverWrittenToSessionStore() {
		this.browser.signIn("/secret", this.alice);
		byte[] secret = this.provider.clientSecret().getBytes(StandardCharsets.UTF_8);

		List<byte[]> attributes = this.jdbc.queryForList("SELECT ATTRIBUTE_BYTES FROM SPRING_SESSION_ATTRIBUTES",
				byte[].class);

		assertThat(attributes).isNotEmpty();
		assertThat(attributes).noneMatch((bytes) -> indexOf(bytes, secret) >= 0);
	}

	@Test
	void noAccessTokenIsKeptInMemoryOrSession() {
		this.browser.signIn("/secret", this.alice);

		assertThat(this.bootAuthorizedClients.<OAuth2AuthorizedClient>loadAuthorizedClient("demo", "alice")).isNull();
		List<String> names = this.jdbc.queryForList("SELECT ATTRIBUTE_NAME FROM SPRING_SESSION_ATTRIBUTES",
				String.class);
		assertThat(names).noneMatch((name) -> name.contains("AuthorizedClient"));
	}

	@Test
	void signingKeysAreFetchedOnceAcrossSignIns() {
		new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", this.alice);
		int fetches = this.provider.requestCount("/oauth2/jwks");
		assertThat(fetches).isPositive();

		new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", this.alice);
		HttpResponse<String> page = this.browser.signIn("/secret", this.provider.account("bob"));

		assertThat(page.body()).contains("Bob Example");
		assertThat(this.provider.requestCount("/oauth2/jwks")).isEqualTo(fetches);
	}

	@Test
	void rotatedProviderKeysAreFetchedOnceMore() {
		new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", this.alice);
		int fetches = this.provider.requestCount("/oauth2/jwks");

		this.provider.rotateKeys();
		HttpResponse<String> first = new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", this.alice);
		HttpResponse<String> second = this.browser.signIn("/secret", this.alice);

		assertThat(first.body()).contains("Alice Example");
		assertThat(second.body()).contains("Alice Example");
		assertThat(this.provider.requestCount("/oauth2/jwks")).isEqualTo(fetches + 1);
	}

	@Test
	void contentSecurityPolicyAllowsNoForeignPicturesWithoutGoogle() {
		HttpResponse<String> response = this.browser.get("/");

		assertThat(response.headers().firstValue("Content-Security-Policy")).get(STRING)
			.contains("img-src 'self';")
			.doesNotContain("googleusercontent");
	}

	@Test
	void noActuatorEndpointButHealthIsExposed() {
		this.browser.signIn("/secret", this.alice);

		for (String endpoint : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops",
				"/actuator/sessions", "/actuator/heapdump")) {
			assertThat(this.browser.get(endpoint, "Accept", "application/json").statusCode()).as(endpoint)
				.isEqualTo(404);
		}
	}

	// Here the actuator shares the app's port (no management.server.port), the exposure
	// includes prometheus and the security rules let /actuator/prometheus through: only
	// observability's endpoint filter keeps the meters off the public port. Asked for
	// the text format, an exposed endpoint would answer 200.
	@Test
	void prometheusIsNotServedOnThePublicPortWithoutAManagementPort() {
		HttpResponse<String> anonymous = this.browser.get("/actuator/prometheus", "Accept", "text/plain");
		this.browser.signIn("/secret", this.alice);

		HttpResponse<String> signedIn = this.browser.get("/actuator/prometheus", "Accept", "text/plain");

		assertThat(anonymous.statusCode()).isEqualTo(404);
		assertThat(signedIn.statusCode()).isEqualTo(404);
		assertThat(anonymous.body() + signedIn.body()).doesNotContain("# TYPE");
	}

	@Test
	void healthIsPublic() {
		HttpResponse<String> response = this.browser.get("/actuator/health", "Accept", "application/json");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void unknownPageShowsFriendlyNotFoundPageToSignedInUser() {
		this.browser.signIn("/secret", this.alice);

		HttpResponse<String> response = this.browser.get("/no-such-page");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("Page not found", "simple-login").doesNotContain("Whitelabel");
	}

	private int sessionRows() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class);
	}

	private int sessionRowsOf(String principal) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?", Integer.class,
				this.provider.issuer() + " " + principal);
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
