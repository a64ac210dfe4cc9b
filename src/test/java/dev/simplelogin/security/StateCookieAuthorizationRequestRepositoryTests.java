package dev.simplelogin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in cookie's own rules, with a clock the test moves: what it holds, how long,
 * under which key, and that the browser learns nothing from it.
 */
class StateCookieAuthorizationRequestRepositoryTests {

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	private final SecretKey current = key(1);

	private final SecretKey previous = key(2);

	private Cookie browser;

	private final OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
		.authorizationUri("https://idp.example/authorize")
		.clientId("app")
		.redirectUri("https://app.example/login/oauth2/code/corp")
		.state("the-state")
		.attributes((attributes) -> {
			attributes.put("registration_id", "corp");
			attributes.put("code_verifier", "the-pkce-verifier-never-shown");
			attributes.put("nonce", "the-nonce");
		})
		.build();

	@Test
	void roundTripsTheWholeAuthorizationRequest() {
		Cookie cookie = saved(repository(this.current), this.request);

		OAuth2AuthorizationRequest read = repository(this.current)
			.loadAuthorizationRequest(callback("the-state", cookie));

		assertThat(read).usingRecursiveComparison().isEqualTo(this.request);
	}

	// Login CSRF: an attacker's own sign-in cookie, copied or tossed into the victim's
	// browser.
	@Test
	void cookieOfAnotherBrowserIsNotTaken() {
		Cookie cookie = saved(repository(this.current), this.request);
		MockHttpServletRequest victim = new MockHttpServletRequest("GET", "/login/oauth2/code/corp");
		victim.setParameter("state", "the-state");
		victim.setCookies(cookie, new Cookie(StateCookieAuthorizationRequestRepository.BROWSER_COOKIE, "victims-own"));

		assertThat(repository(this.current).loadAuthorizationRequest(victim)).isNull();
		victim.setCookies(cookie);
		assertThat(repository(this.current).loadAuthorizationRequest(victim)).isNull();
	}

	@Test
	void browserIsBoundOnceAndOverHttpsWithAHostOnlyCookie() {
		MockHttpServletRequest secure = new MockHttpServletRequest();
		secure.setSecure(true);
		MockHttpServletResponse first = new MockHttpServletResponse();
		repository(this.current).saveAuthorizationRequest(this.request, secure, first);
		Cookie browser = first.getCookie("__Host-BROWSER_BINDING");

		assertThat(browser).isNotNull();
		assertThat(browser.getSecure()).isTrue();
		assertThat(browser.getPath()).isEqualTo("/");
		assertThat(browser.isHttpOnly()).isTrue();
		secure.setCookies(browser);
		MockHttpServletResponse second = new MockHttpServletResponse();
		repository(this.current).saveAuthorizationRequest(this.request, secure, second);
		assertThat(second.getCookie("__Host-BROWSER_BINDING")).as("the binding is made once per browser").isNull();
	}

	@Test
	void cookieIsEncryptedHttpOnlyLaxForTheCallbackOnlyAndShortLived() {
		Cookie cookie = saved(repository(this.current), this.request);

		assertThat(cookie.getName()).startsWith("SIGNIN_").doesNotContain("the-state");
		assertThat(cookie.getValue()).doesNotContain("verifier", "the-nonce", "corp").matches("[A-Za-z0-9_.-]+");
		assertThat(cookie.getPath()).isEqualTo("/login/oauth2/code/");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
		assertThat(cookie.getMaxAge()).isEqualTo(600);
		// Every sign-in in flight sends its cookie to the callback: six must fit Tomcat's
		// 8 KB.
		assertThat(cookie.getValue().length()).isLessThan(1200);
	}

	@Test
	void expiresAfterItsMaxAge() {
		Cookie cookie = saved(repository(this.current), this.request);

		assertThat(
				repository(this.current, NOW.plusSeconds(599)).loadAuthorizationRequest(callback("the-state", cookie)))
			.isNotNull();
		assertThat(
				repository(this.current, NOW.plusSeconds(600)).loadAuthorizationRequest(callback("the-state", cookie)))
			.isNull();
	}

	@Test
	void previousKeyStillReadsAfterRotationAndAnUnknownOneDoesNot() {
		Cookie written = saved(repository(this.previous), this.request);

		assertThat(new StateCookieAuthorizationRequestRepository(List.of(this.current, this.previous),
				Duration.ofMinutes(10), clock(NOW))
			.loadAuthorizationRequest(callback("the-state", written))).isNotNull();
		assertThat(repository(this.current).loadAuthorizationRequest(callback("the-state", written))).isNull();
	}

	@Test
	void cookieOfAnotherStateIsNotTaken() {
		Cookie cookie = saved(repository(this.current), this.request);
		Cookie renamed = new Cookie(StateCookieAuthorizationRequestRepository.cookieName("other-state"),
				cookie.getValue());

		assertThat(repository(this.current).loadAuthorizationRequest(callback("other-state", renamed))).isNull();
	}

	@Test
	void removingReturnsTheRequestAndExpiresTheCookie() {
		Cookie cookie = saved(repository(this.current), this.request);
		MockHttpServletResponse response = new MockHttpServletResponse();

		OAuth2AuthorizationRequest removed = repository(this.current)
			.removeAuthorizationRequest(callback("the-state", cookie), response);

		assertThat(removed).isNotNull();
		Cookie cleared = response.getCookie(cookie.getName());
		assertThat(cleared.getMaxAge()).isZero();
		assertThat(cleared.getPath()).isEqualTo("/login/oauth2/code/");
	}

	@Test
	void garbageReadsAsNoSignIn() {
		for (String value : List.of("", "x", "a.b.c.d.e", "eyJhbGciOiJub25lIn0.e30.", "A".repeat(5000))) {
			saved(repository(this.current), this.request);
			Cookie cookie = new Cookie(StateCookieAuthorizationRequestRepository.cookieName("the-state"), value);
			assertThat(repository(this.current).loadAuthorizationRequest(callback("the-state", cookie))).as(value)
				.isNull();
		}
	}

	// The sign-in's cookie; the browser's binding cookie is kept for the callback.
	private Cookie saved(StateCookieAuthorizationRequestRepository repository, OAuth2AuthorizationRequest request) {
		MockHttpServletRequest start = new MockHttpServletRequest();
		if (this.browser != null) {
			start.setCookies(this.browser);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.saveAuthorizationRequest(request, start, response);
		if (this.browser == null) {
			this.browser = response.getCookie(StateCookieAuthorizationRequestRepository.BROWSER_COOKIE);
		}
		return response.getCookie(StateCookieAuthorizationRequestRepository.cookieName(request.getState()));
	}

	private MockHttpServletRequest callback(String state, Cookie cookie) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/oauth2/code/corp");
		request.setParameter("state", state);
		request.setCookies(cookie, this.browser);
		return request;
	}

	private static StateCookieAuthorizationRequestRepository repository(SecretKey key) {
		return repository(key, NOW);
	}

	private static StateCookieAuthorizationRequestRepository repository(SecretKey key, Instant now) {
		return new StateCookieAuthorizationRequestRepository(List.of(key), Duration.ofMinutes(10), clock(now));
	}

	private static Clock clock(Instant now) {
		return Clock.fixed(now, ZoneOffset.UTC);
	}

	private static SecretKey key(int seed) {
		byte[] bytes = new byte[32];
		java.util.Arrays.fill(bytes, (byte) seed);
		return new SecretKeySpec(bytes, "AES");
	}

}
