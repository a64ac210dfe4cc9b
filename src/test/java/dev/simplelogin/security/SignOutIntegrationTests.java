package dev.simplelogin.security;

import java.net.URI;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.DemoAccount;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing out over real HTTP: it reaches the provider (OpenID Connect RP-Initiated
 * Logout) where the provider advertises an {@code end_session_endpoint} (the demo
 * provider does, the hostile provider does not), and a sign-out whose session has already
 * ended ends on the signed-out page.
 */
@AppWithDemoProviderTest
class SignOutIntegrationTests {

	private static final HostileProvider hostile = new HostileProvider();

	private final DemoOpenIdProvider provider = TestProviders.demo();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	private HttpFlow browser;

	private DemoAccount alice;

	@DynamicPropertySource
	static void registerHostileProvider(DynamicPropertyRegistry registry) {
		hostile.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stopHostileProvider() {
		hostile.close();
	}

	@BeforeEach
	void newBrowser() {
		this.browser = new HttpFlow(app());
		this.alice = this.provider.account("alice");
	}

	@Test
	void signOutEndsTheSessionThenSendsTheBrowserToTheProviderWithIdTokenHintClientIdAndWayBack()
			throws ParseException {
		this.browser.signIn("/secret", this.alice);

		HttpResponse<String> signedOut = signOut(this.browser);

		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(sessionRows()).isZero();
		URI endSession = HttpFlow.location(signedOut);
		assertThat(endSession.toString()).startsWith(this.provider.issuer() + "/connect/logout?");
		Map<String, String> parameters = HttpFlow.queryParameters(endSession);
		assertThat(parameters).containsEntry("client_id", DemoOpenIdProvider.CLIENT_ID)
			.containsEntry("post_logout_redirect_uri", app() + "/?logout");
		JWTClaimsSet idToken = SignedJWT.parse(parameters.get("id_token_hint")).getJWTClaimsSet();
		assertThat(idToken.getIssuer()).isEqualTo(this.provider.issuer());
		assertThat(idToken.getSubject()).isEqualTo("alice");
		assertThat(idToken.getAudience()).containsExactly(DemoOpenIdProvider.CLIENT_ID);
		assertThat(signedOut.headers().firstValue("Clear-Site-Data")).contains("\"cache\"");
	}

	@Test
	void providerSendsTheBrowserBackSignedOutThereToo() {
		this.browser.signIn("/secret", this.alice);
		assertThat(providerAsksForPassword(this.browser)).as("signed in at the provider before").isFalse();

		HttpResponse<String> landed = this.browser.follow(signOut(this.browser));

		assertThat(landed.uri().toString()).isEqualTo(app() + "/?logout");
		assertThat(landed.body()).contains("You have been signed out");
		assertThat(providerAsksForPassword(this.browser)).as("signed in at the provider after").isTrue();
	}

	@Test
	void registrationThatOptsOutSignsOutOnlyHere() {
		try (AppInstance app = AppInstance.start(Map.of("spring.datasource.url", freshDatabase(),
				"simplelogin.providers.demo.provider-logout", "false"))) {
			HttpFlow browser = app.browser();
			browser.signIn("/secret", this.alice);

			HttpResponse<String> signedOut = signOut(browser);

			assertThat(HttpFlow.location(signedOut).toString()).isEqualTo(app.baseUrl() + "/?logout");
			assertThat(browser.get("/secret").statusCode()).isEqualTo(302);
			assertThat(providerAsksForPassword(browser)).isFalse();
		}
	}

	@Test
	void providerWithoutEndSessionEndpointSignsOutOnlyHere() {
		URI callback = this.browser.callbackFrom("hostile", "mallory");
		assertThat(this.browser.follow(this.browser.get(callback.toString())).body()).contains("Sign out");

		HttpResponse<String> signedOut = signOut(this.browser);

		assertThat(HttpFlow.location(signedOut).toString()).isEqualTo(app() + "/?logout");
		assertThat(sessionRows()).isZero();
	}

	@Test
	void pagesAllowTheSignOutFormToGoOnToTheProvidersOrigin() {
		String policy = this.browser.get("/").headers().firstValue("Content-Security-Policy").orElseThrow();

		assertThat(policy).contains("form-action 'self' " + this.provider.issuer()).doesNotContain(hostile.issuer());
	}

	@Test
	void signOutWhoseSessionHasAlreadyEndedEndsOnTheSignedOutPage() {
		this.browser.signIn("/secret", this.alice);
		String staleToken = HttpFlow.csrfToken(this.browser.get("/logout").body());
		this.browser.follow(signOut(this.browser));

		HttpResponse<String> again = this.browser.post("/logout", Map.of("_csrf", staleToken));

		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(again).toString()).isEqualTo(app() + "/?logout");
		assertThat(again.headers().firstValue("Clear-Site-Data")).contains("\"cache\"");
		assertThat(this.browser.follow(again).body()).contains("You have been signed out");
	}

	@Test
	void signOutWithNeitherSessionNorTokenEndsOnTheSignedOutPage() {
		HttpResponse<String> signedOut = new HttpFlow(app()).post("/logout", Map.of());

		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(signedOut).toString()).isEqualTo(app() + "/?logout");
	}

	@Test
	void signOutWithAnotherSessionsTokenKeepsThisSessionAndAsksAgain() {
		HttpFlow other = new HttpFlow(app());
		other.signIn("/secret", this.provider.account("bob"));
		String othersToken = HttpFlow.csrfToken(other.get("/logout").body());
		this.browser.signIn("/secret", this.alice);

		HttpResponse<String> signedOut = this.browser.post("/logout", Map.of("_csrf", othersToken));

		assertThat(HttpFlow.location(signedOut).toString()).isEqualTo(app() + "/logout");
		assertThat(this.browser.get("/secret").body()).contains("Alice Example");
		assertThat(other.get("/secret").body()).contains("Bob Example");
	}

	private String app() {
		return "http://127.0.0.1:" + this.port;
	}

	private static HttpResponse<String> signOut(HttpFlow browser) {
		String csrf = HttpFlow.csrfToken(browser.get("/logout").body());
		return browser.post("/logout", Map.of("_csrf", csrf));
	}

	// A new sign-in at the demo provider: with a session there it answers the app at
	// once, without one it shows its sign-in form.
	private static boolean providerAsksForPassword(HttpFlow browser) {
		HttpResponse<String> authorization = browser.get(browser.startSignIn("demo").toString());
		return HttpFlow.location(authorization).getPath().equals("/login");
	}

	private int sessionRows() {
		Integer rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class);
		return (rows != null) ? rows : 0;
	}

	private static String freshDatabase() {
		return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
	}

}
