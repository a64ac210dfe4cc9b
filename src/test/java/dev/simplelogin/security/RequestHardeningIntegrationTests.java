package dev.simplelogin.security;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.DemoAccount;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.RawHttp;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers, cookies, path tricks, redirects and session ids, over real HTTP. The app
 * trusts forwarded headers from loopback here, as it does behind a proxy in production,
 * so a test can play "served over https".
 */
@AppWithDemoProviderTest(properties = "server.forward-headers-strategy=native")
class RequestHardeningIntegrationTests {

	private static final List<String> PAGES = List.of("/", "/login", "/login?error=expired", "/logout", "/secret",
			"/no-such-page", "/assets/css/app.css");

	private final DemoAccount alice = TestProviders.demo().account("alice");

	@LocalServerPort
	private int port;

	private HttpFlow browser;

	private RawHttp raw;

	@BeforeEach
	void clients() {
		this.browser = new HttpFlow("http://127.0.0.1:" + this.port);
		this.raw = new RawHttp(this.port);
	}

	@Test
	void everyPageCarriesTheSecurityHeaders() {
		this.browser.signIn("/secret", this.alice);
		for (String page : PAGES) {
			HttpResponse<String> response = this.browser.get(page);
			String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
			assertThat(csp).as(page)
				.contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'")
				.doesNotContain("unsafe-inline", "unsafe-eval");
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(page).contains("nosniff");
			assertThat(response.headers().firstValue("Referrer-Policy")).as(page).contains("same-origin");
			assertThat(response.headers().firstValue("Permissions-Policy")).as(page)
				.get()
				.asString()
				.contains("camera=()", "geolocation=()");
			assertThat(response.headers().firstValue("Cross-Origin-Opener-Policy")).as(page).contains("same-origin");
			assertThat(response.headers().firstValue("X-Frame-Options")).as(page).contains("DENY");
			assertThat(response.headers().firstValue("Strict-Transport-Security")).as(page).isEmpty();
		}
	}

	@Test
	void signedInResponsesAreNeverStored() {
		this.browser.signIn("/secret", this.alice);
		for (String page : List.of("/", "/secret", "/logout", "/login")) {
			assertThat(this.browser.get(page).headers().firstValue("Cache-Control")).as(page)
				.get()
				.asString()
				.contains("no-store");
		}
	}

	@Test
	void overHttpsResponsesCarryHstsAndTheCookiesAreSecure() {
		HttpResponse<String> response = this.browser.get("/secret", "X-Forwarded-Proto", "https");

		assertThat(response.headers().firstValue("Strict-Transport-Security")).get().asString().contains("max-age=");
		assertThat(response.headers().allValues("Set-Cookie")).isNotEmpty()
			.allSatisfy((cookie) -> assertThat(cookie).contains("; Secure", "; HttpOnly", "; SameSite=Lax", "; Path=/")
				.doesNotContainIgnoringCase("Domain="));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/secret/", "/SECRET", "/secret;x=1", "/%73ecret", "/./secret", "/static/../secret",
			"/secret%2f", "/secret?x=/", "/secret;jsessionid=0123", "/%2e/secret", "/secret/.", "//secret",
			"/secret%00", "/secret%252f" })
	void pathTricksNeverReachTheSecretPageWithoutASession(String path) {
		RawHttp.Response response = this.raw.get(path, "Accept: text/html");

		assertThat(response.status()).as(path).isBetween(300, 499);
		assertThat(response.body()).as(path).doesNotContain("Only logged in user", "Exception");
	}

	// Tomcat refuses a broken escape in the path itself, with its own short page.
	@ParameterizedTest
	@ValueSource(strings = { "/x%", "/x%2", "/%zz", "/secret%" })
	void brokenEscapeInThePathGets400(String path) {
		RawHttp.Response response = this.raw.get(path);

		assertThat(response.status()).as(path).isEqualTo(400);
		assertThat(response.body()).as(path).doesNotContain("Exception", "Tomcat/");
	}

	// Path parameters reach the app undecoded. Its error page, in every format, must not
	// trip over them (the fuzz test found a JSON error page that failed and closed the
	// connection).
	@ParameterizedTest
	@ValueSource(strings = { "/x;a=%", "/oauth2/authorization/demo;k%;", "/secret;%zz" })
	void brokenEscapeInPathParametersGetsTheErrorPageInEveryFormat(String path) {
		for (String accept : new String[] { null, "*/*", "application/json", "text/html" }) {
			RawHttp.Response response = (accept != null) ? this.raw.get(path, "Accept: " + accept) : this.raw.get(path);

			assertThat(response.status()).as(path + " " + accept).isEqualTo(400);
			// Tomcat's own report ("HTTP Status 400") would mean that the app's error
			// page failed.
			assertThat(response.body()).as(path + " " + accept).isNotEmpty().doesNotContain("Exception", "HTTP Status");
		}
	}

	@Test
	void afterSignInTheAppRedirectsOnlyToItsOwnOrigin() {
		// The page saved before sign-in is built from the request's host, which a
		// forwarded header can set.
		this.browser.get("/secret", "X-Forwarded-Host", "evil.example");
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);

		HttpResponse<String> landing = this.browser.get(callback.toString(), "Referer", "https://evil.example/");

		assertSameOrigin(HttpFlow.location(landing));
	}

	@ParameterizedTest
	@ValueSource(strings = { "//evil.example", "/\\evil.example", "https://evil.example", "/%09/evil.example",
			"javascript:alert(1)" })
	void continueParameterNeverSendsAnywhereElse(String target) {
		this.browser.get("/secret?continue=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);

		HttpResponse<String> landing = this.browser.get(callback.toString());

		// The page asked for comes back as it was, query and all: a parameter, never a
		// target.
		assertSameOrigin(HttpFlow.location(landing));
		assertThat(this.browser.follow(landing).uri()).hasHost("127.0.0.1").hasPort(this.port).hasPath("/secret");
	}

	// Spring Framework 7.0.8's media type parser throws StringIndexOutOfBoundsException
	// on these.
	@ParameterizedTest
	@ValueSource(strings = { "/", "/secret", "/login", "/logout", "/no-such-page", "/oauth2/authorization/demo" })
	void acceptHeaderSpringCannotParseGetsNoError(String path) {
		for (String accept : List.of(",\"/,\\\"", "\"a//,\" /")) {
			HttpResponse<String> anonymous = new HttpFlow(this.browser.baseUrl()).get(path, "Accept", accept);
			assertThat(anonymous.statusCode()).as("%s with Accept: %s", path, accept).isLessThan(500);
		}
		this.browser.signIn("/secret", this.alice);
		for (String accept : List.of(",\"/,\\\"", "\"a//,\" /")) {
			assertThat(this.browser.get(path, "Accept", accept).statusCode()).as("signed in: %s", path).isLessThan(500);
		}
	}

	@Test
	void sessionIdTheServerNeverIssuedIsIgnoredAndNeverSignedIn() {
		String forged = "bm90LWEtcmVhbC1zZXNzaW9uLWlkLWF0LWFsbC0xMjM0";

		RawHttp.Response response = this.raw.get("/secret", "Cookie: SESSION=" + forged, "Accept: text/html");

		assertThat(response.status()).isEqualTo(302);
		assertThat(response.headers("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("SESSION="));
		this.browser.setCookie("SESSION", forged);
		URI callback = this.browser.authorizeAtProvider(this.browser.startSignIn("demo"), this.alice);
		this.browser.get(callback.toString());
		assertThat(this.browser.cookie("SESSION")).get().isNotEqualTo(forged);
	}

	private void assertSameOrigin(URI location) {
		assertThat(location.getHost()).isEqualTo("127.0.0.1");
		assertThat(location.getPort()).isEqualTo(this.port);
		assertThat(location.getPath()).isEqualTo("/secret");
	}

	@Test
	void sessionIdsInTheUrlAreIgnoredAndNeverWrittenIntoLinks() {
		this.browser.signIn("/secret", this.alice);
		String sessionCookie = this.browser.cookie("SESSION").orElseThrow();
		HttpFlow stranger = new HttpFlow("http://127.0.0.1:" + this.port);

		assertThat(stranger.get("/secret?SESSION=" + sessionCookie).statusCode()).isEqualTo(302);
		assertThat(this.raw.get("/secret;jsessionid=" + sessionCookie, "Accept: text/html").status()).isNotEqualTo(200);
		String page = this.browser.get("/").body();
		assertThat(page).doesNotContainIgnoringCase("jsessionid").doesNotContain(sessionCookie);
	}

	@Test
	void signOutFromAnotherSiteIsRefused() {
		this.browser.signIn("/secret", this.alice);

		HttpResponse<String> response = this.browser.post("/logout", Map.of());

		assertThat(HttpFlow.location(response).getPath()).as("asked again, with a form of its own")
			.isEqualTo("/logout");
		assertThat(this.browser.get("/secret").statusCode()).isEqualTo(200);
	}

}
