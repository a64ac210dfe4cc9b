package dev.simplelogin.security;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.DemoAccount;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is stored on the server before a sign-in completes: a sign-in in flight lives
 * in an encrypted cookie of its own, the page to return to in another. Over real HTTP on
 * embedded H2 (PostgreSQL: {@code PostgresSignInStateIntegrationTests}).
 */
// The cleanup job takes a connection at every full minute; here only requests may.
@AppWithDemoProviderTest(properties = { "simplelogin.state-cookie.key=" + SignInStateIntegrationTests.KEY,
		"simplelogin.session.cleanup-cron=-" })
class SignInStateIntegrationTests {

	static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	private static final String TRY_AGAIN = "Your sign-in expired or was started in another browser";

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MeterRegistry meters;

	private HttpFlow browser;

	private DemoAccount alice;

	@BeforeEach
	void newBrowser() {
		this.browser = new HttpFlow("http://127.0.0.1:" + this.port);
		this.alice = TestProviders.demo().account("alice");
	}

	@Test
	void anonymousVisitsAndSignInsInFlightTakeNoDatabaseConnection() {
		long before = connectionsTaken();

		List<HttpResponse<String>> responses = List.of(this.browser.get("/"), this.browser.get("/secret"),
				this.browser.get("/secret", "Accept", "*/*"), this.browser.get("/login"),
				this.browser.get("/login?error=expired"), this.browser.get("/logout"),
				this.browser.get("/oauth2/authorization/demo"),
				this.browser.get("/login/oauth2/code/demo?code=forged&state=forged"),
				this.browser.get("/login/oauth2/code/demo?error=access_denied&state=forged"),
				this.browser.get("/no-such-page"));

		assertThat(connectionsTaken() - before).isZero();
		assertThat(responses).allSatisfy((response) -> assertThat(response.headers().allValues("Set-Cookie"))
			.noneMatch((cookie) -> cookie.startsWith("SESSION=")));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class)).isZero();
	}

	@Test
	void curlAsksForNothingToBeSavedAndGets401WithoutACookie() {
		HttpResponse<String> response = this.browser.get("/secret", "Accept", "*/*");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void signInWritesTheSessionOnceWithEverythingTheFirstPageNeeds() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);
		long before = connectionsTaken();

		this.browser.get(callback.toString());
		long signIn = connectionsTaken() - before;
		HttpResponse<String> firstPage = this.browser.get("/secret");

		// The session's write, and the link from it to the provider session that the ID
		// token names (its sid), which back-channel logout looks up.
		assertThat(signIn).as("connections the callback took").isEqualTo(2);
		assertThat(connectionsTaken() - before).as("and the first page none").isEqualTo(2);
		assertThat(firstPage.statusCode()).isEqualTo(200);
		assertThat(HttpFlow.csrfToken(firstPage.body())).isNotBlank();
	}

	@Test
	void twoTabsSigningInAtOnceBothSucceed() {
		URI first = this.browser.startSignIn("demo");
		URI second = this.browser.startSignIn("demo");
		URI firstCallback = this.browser.authorizeAtProvider(first, this.alice);
		URI secondCallback = this.browser.authorizeAtProvider(second, this.alice);

		HttpResponse<String> secondLanded = this.browser.get(secondCallback.toString());
		HttpResponse<String> firstLanded = this.browser.get(firstCallback.toString());

		assertThat(HttpFlow.location(secondLanded).getQuery()).isNull();
		assertThat(HttpFlow.location(firstLanded).getQuery()).isNull();
		assertThat(this.browser.get("/secret").body()).contains("alice@example.com");
		assertThat(this.browser.cookies()).noneSatisfy((name, value) -> assertThat(name).startsWith("SIGNIN_"));
	}

	@Test
	void callbackClearsItsOwnCookieOnly() {
		URI other = this.browser.startSignIn("demo");
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);
		assertThat(signInCookies()).hasSize(2);

		HttpResponse<String> landed = this.browser.get(callback.toString());

		assertThat(landed.headers().allValues("Set-Cookie")).anySatisfy((cookie) -> assertThat(cookie)
			.startsWith(StateCookieAuthorizationRequestRepository
				.cookieName(HttpFlow.queryParameters(callback).get("state")) + "=;")
			.contains("Expires=Thu, 01 Jan 1970"));
		assertThat(signInCookies()).singleElement()
			.isEqualTo(
					StateCookieAuthorizationRequestRepository.cookieName(HttpFlow.queryParameters(other).get("state")));
	}

	@Test
	void deepLinkReturnsToThePageAsAskedWithoutContinue() {
		assertThat(this.browser.get("/secret?tab=2").statusCode()).isEqualTo(302);
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);

		HttpResponse<String> landed = this.browser.get(callback.toString());

		assertThat(HttpFlow.location(landed).getRawPath()).isEqualTo("/secret");
		assertThat(HttpFlow.location(landed).getRawQuery()).isEqualTo("tab=2");
		HttpResponse<String> page = this.browser.follow(landed);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(this.browser.cookies()).doesNotContainKey("REDIRECT_URI");
	}

	@Test
	void stateCookieOfAnotherBrowserIsNoSignIn() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);

		assertRefused(new HttpFlow(this.browser.baseUrl()), callback);
	}

	// Login CSRF: the attacker starts a sign-in, signs in at the provider as themselves,
	// and plants their sign-in cookie and callback in the victim's browser.
	@Test
	void signInCookieOfAnotherBrowserPlantedInThisOneIsNoSignIn() {
		HttpFlow attacker = new HttpFlow(this.browser.baseUrl());
		URI callback = attacker.authorizeAtProvider(attacker.startSignIn("demo"), TestProviders.demo().account("bob"));
		String name = StateCookieAuthorizationRequestRepository
			.cookieName(HttpFlow.queryParameters(callback).get("state"));
		this.browser.startSignIn("demo");
		this.browser.setCookie(name, attacker.cookies().get(name));

		assertRefused(this.browser, callback);
	}

	// Back buttons and retries leave sign-in cookies behind for their ten minutes.
	@Test
	void twentySignInsInFlightStillFitTheCallbacksHeaders() {
		for (int i = 0; i < 19; i++) {
			this.browser.startSignIn("demo");
		}
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);

		assertThat(signInCookies()).hasSize(20);
		assertThat(this.browser.follow(this.browser.get(callback.toString())).body()).contains("Alice Example");
	}

	@Test
	void savedPageCookieThatCannotBeReadIsClearedNotA500() {
		for (String path : List.of("/", "/login", "/secret", "/no-such-page")) {
			HttpFlow tossed = new HttpFlow(this.browser.baseUrl());
			tossed.setCookie("REDIRECT_URI", "LyV6eg==");

			HttpResponse<String> response = tossed.get(path);

			assertThat(response.statusCode()).as(path).isLessThan(500);
			assertThat(response.body()).doesNotContain("Exception");
		}
	}

	@Test
	void replayedCallbackIsNoSignIn() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);
		this.browser.get(callback.toString());
		HttpFlow later = new HttpFlow(this.browser.baseUrl());

		assertRefused(later, callback);
	}

	@Test
	void tamperedStateCookieIsNoSignIn() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);
		String name = signInCookies().get(0);
		String value = this.browser.cookies().get(name);
		int middle = value.length() / 2;
		this.browser.setCookie(name,
				value.substring(0, middle) + (value.charAt(middle) == 'A' ? 'B' : 'A') + value.substring(middle + 1));

		assertRefused(this.browser, callback);
	}

	@Test
	void expiredStateCookieIsNoSignIn() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);
		Clock elevenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(11)), ZoneOffset.UTC);

		reEncrypt(callback, new StateCookieAuthorizationRequestRepository(List.of(key(KEY)), Duration.ofMinutes(10),
				elevenMinutesAgo));

		assertRefused(this.browser, callback);
	}

	@Test
	void stateCookieEncryptedWithAnUnknownKeyIsNoSignIn() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);

		reEncrypt(callback,
				new StateCookieAuthorizationRequestRepository(
						List.of(key("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=")), Duration.ofMinutes(10),
						Clock.systemUTC()));

		assertRefused(this.browser, callback);
	}

	@Test
	void stateCookieMadeWithTheSameKeyIsASignIn() {
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);

		reEncrypt(callback, new StateCookieAuthorizationRequestRepository(List.of(key(KEY)), Duration.ofMinutes(10),
				Clock.systemUTC()));

		assertThat(this.browser.follow(this.browser.get(callback.toString())).body()).contains("Alice Example");
	}

	// Reads the authorization request of the real sign-in with the app's key, and writes
	// its cookie anew with another repository: the test's control over time and key.
	private void reEncrypt(URI callback, StateCookieAuthorizationRequestRepository other) {
		String state = HttpFlow.queryParameters(callback).get("state");
		String name = StateCookieAuthorizationRequestRepository.cookieName(state);
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setParameter("state", state);
		request.setCookies(new jakarta.servlet.http.Cookie(name, this.browser.cookies().get(name)),
				new jakarta.servlet.http.Cookie(StateCookieAuthorizationRequestRepository.BROWSER_COOKIE,
						this.browser.cookies().get(StateCookieAuthorizationRequestRepository.BROWSER_COOKIE)));
		OAuth2AuthorizationRequest authorizationRequest = new StateCookieAuthorizationRequestRepository(
				List.of(key(KEY)), Duration.ofMinutes(10), Clock.systemUTC())
			.loadAuthorizationRequest(request);
		assertThat(authorizationRequest).as("the app's own cookie, read with its key").isNotNull();
		MockHttpServletResponse response = new MockHttpServletResponse();
		other.saveAuthorizationRequest(authorizationRequest, request, response);
		this.browser.setCookie(name, response.getCookie(name).getValue());
	}

	private void assertRefused(HttpFlow someone, URI callback) {
		HttpResponse<String> response = someone.get(callback.toString());

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(response)).hasPath("/login").hasQuery("error=expired");
		assertThat(someone.follow(response).body()).contains(TRY_AGAIN);
		assertThat(someone.get("/secret").statusCode()).isEqualTo(302);
	}

	private List<String> signInCookies() {
		return this.browser.cookies().keySet().stream().filter((name) -> name.startsWith("SIGNIN_")).toList();
	}

	private static SecretKeySpec key(String base64) {
		return new SecretKeySpec(Base64.getDecoder().decode(base64), "AES");
	}

	private long connectionsTaken() {
		return this.meters.get("hikaricp.connections.acquire").timer().count();
	}

}
