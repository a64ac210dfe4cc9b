package dev.simplelogin.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.SecretKey;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.web.util.WebUtils;

/**
 * Keeps each sign-in in flight (the authorization request: state, nonce, PKCE verifier,
 * registration) in a cookie of its own instead of the session, so that starting a sign-in
 * writes nothing on the server. The cookie is named after its {@code state}, so several
 * tabs and several providers can be in flight at once, and the callback finds, uses and
 * clears exactly its own.
 * <p>
 * Its value is an encrypted JWT ({@code dir}, {@code A256GCM}, compressed, Nimbus): the
 * browser can neither read the PKCE verifier nor change anything, and it expires after
 * {@code simplelogin.state-cookie.max-age}. It is sent only to the callback path. It is
 * bound to the browser that started the sign-in by a random value in a cookie of its own
 * ({@code __Host-BROWSER_BINDING} over https, which no sibling domain can set), whose
 * hash it carries: a sign-in cookie copied into another browser, or tossed into it from a
 * sibling domain (login CSRF), is no sign-in there. One from another browser is simply
 * absent; a tampered, expired, foreign-key or foreign-browser one reads as absent too,
 * and the sign-in ends with "try again".
 */
final class StateCookieAuthorizationRequestRepository
		implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String COOKIE_PREFIX = "SIGNIN_";

	private static final String CALLBACK_PATH = "/login/oauth2/code/";

	// The authorization request's parts that the callback needs. Spring Security's own
	// JSON of it also repeats the whole authorization URL, which doubled the cookie: all
	// cookies of the sign-ins in flight travel to the callback together, within the
	// server's 8 KB.
	private static final String AUTHORIZATION_URI = "authorization_uri";

	private static final String CLIENT_ID = "client_id";

	private static final String REDIRECT_URI = "redirect_uri";

	private static final String SCOPES = "scopes";

	private static final String STATE = "state";

	private static final String PARAMETERS = "parameters";

	private static final String ATTRIBUTES = "attributes";

	private static final String BROWSER_CLAIM = "browser";

	// Over https the __Host- prefix: only this host, over https, for the whole site, can
	// set it.
	static final String BROWSER_COOKIE = "BROWSER_BINDING";

	static final String SECURE_BROWSER_COOKIE = "__Host-BROWSER_BINDING";

	private final SecureRandom random = new SecureRandom();

	private final List<SecretKey> keys;

	private final Duration maxAge;

	private final Clock clock;

	/**
	 * @param keys the keys: the first encrypts, every one decrypts
	 * @param maxAge how long a sign-in may stay in flight
	 * @param clock the clock
	 */
	StateCookieAuthorizationRequestRepository(List<SecretKey> keys, Duration maxAge, Clock clock) {
		this.keys = List.copyOf(keys);
		this.maxAge = maxAge;
		this.clock = clock;
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		if (state == null) {
			return null;
		}
		Cookie cookie = WebUtils.getCookie(request, cookieName(state));
		Cookie browser = WebUtils.getCookie(request, browserCookieName(request));
		return (cookie != null && browser != null) ? read(cookie.getValue(), state, browser.getValue()) : null;
	}

	@Override
	public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorizationRequest,
			HttpServletRequest request, HttpServletResponse response) {
		if (authorizationRequest == null) {
			removeAuthorizationRequest(request, response);
			return;
		}
		String browser = browserBinding(request, response);
		response.addCookie(cookie(request, cookieName(authorizationRequest.getState()),
				write(authorizationRequest, browser), (int) this.maxAge.toSeconds()));
	}

	// One value per browser, kept while the browser runs, shared by all its sign-ins in
	// flight.
	private String browserBinding(HttpServletRequest request, HttpServletResponse response) {
		Cookie existing = WebUtils.getCookie(request, browserCookieName(request));
		if (existing != null && !existing.getValue().isEmpty()) {
			return existing.getValue();
		}
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Cookie cookie = new Cookie(browserCookieName(request), value);
		cookie.setPath("/");
		cookie.setHttpOnly(true);
		cookie.setSecure(request.isSecure());
		cookie.setAttribute("SameSite", "Lax");
		response.addCookie(cookie);
		return value;
	}

	static String browserCookieName(HttpServletRequest request) {
		return request.isSecure() ? SECURE_BROWSER_COOKIE : BROWSER_COOKIE;
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest authorizationRequest = loadAuthorizationRequest(request);
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		if (state != null && WebUtils.getCookie(request, cookieName(state)) != null) {
			response.addCookie(cookie(request, cookieName(state), "", 0));
		}
		return authorizationRequest;
	}

	// Compressed: each sign-in in flight has a cookie of its own, and all of them travel
	// to the callback together, so their size adds up against the server's header limit.
	// (No one but the app chooses what goes into them, so compression reveals nothing.)
	private String write(OAuth2AuthorizationRequest authorizationRequest, String browser) {
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.maxAge)))
			.claim(BROWSER_CLAIM, Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(browser)))
			.claim(AUTHORIZATION_URI, authorizationRequest.getAuthorizationUri())
			.claim(CLIENT_ID, authorizationRequest.getClientId())
			.claim(REDIRECT_URI, authorizationRequest.getRedirectUri())
			.claim(SCOPES, List.copyOf(authorizationRequest.getScopes()))
			.claim(STATE, authorizationRequest.getState())
			.claim(PARAMETERS, strings(authorizationRequest.getAdditionalParameters()))
			.claim(ATTRIBUTES, strings(authorizationRequest.getAttributes()))
			.build();
		SecretKey key = this.keys.get(0);
		EncryptedJWT jwt = new EncryptedJWT(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
			.compressionAlgorithm(CompressionAlgorithm.DEF)
			.keyID(keyId(key))
			.build(), claims);
		try {
			jwt.encrypt(new DirectEncrypter(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("A 256-bit key encrypts with A256GCM", ex);
		}
		return jwt.serialize();
	}

	// Anything that does not decrypt with a known key, has expired, was started by
	// another browser or names another state is no sign-in in flight.
	private @Nullable OAuth2AuthorizationRequest read(String value, String state, String browser) {
		try {
			EncryptedJWT jwt = EncryptedJWT.parse(value);
			SecretKey key = this.keys.stream()
				.filter((candidate) -> keyId(candidate).equals(jwt.getHeader().getKeyID()))
				.findFirst()
				.orElse(null);
			if (key == null || !EncryptionMethod.A256GCM.equals(jwt.getHeader().getEncryptionMethod())) {
				return null;
			}
			jwt.decrypt(new DirectDecrypter(key));
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			if (claims.getExpirationTime() == null
					|| !this.clock.instant().isBefore(claims.getExpirationTime().toInstant())) {
				return null;
			}
			String bound = claims.getStringClaim(BROWSER_CLAIM);
			if (bound == null || !MessageDigest.isEqual(Base64.getUrlDecoder().decode(bound), sha256(browser))) {
				return null;
			}
			if (!state.equals(claims.getStringClaim(STATE))) {
				return null;
			}
			Map<String, Object> parameters = claims.getJSONObjectClaim(PARAMETERS);
			Map<String, Object> attributes = claims.getJSONObjectClaim(ATTRIBUTES);
			List<String> scopes = claims.getStringListClaim(SCOPES);
			return OAuth2AuthorizationRequest.authorizationCode()
				.authorizationUri(claims.getStringClaim(AUTHORIZATION_URI))
				.clientId(claims.getStringClaim(CLIENT_ID))
				.redirectUri(claims.getStringClaim(REDIRECT_URI))
				.scopes((scopes != null) ? new LinkedHashSet<>(scopes) : Set.of())
				.state(state)
				.additionalParameters((parameters != null) ? parameters : Map.of())
				.attributes((attributes != null) ? attributes : Map.of())
				.build();
		}
		catch (ParseException | JOSEException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static Cookie cookie(HttpServletRequest request, String name, String value, int maxAge) {
		Cookie cookie = new Cookie(name, value);
		cookie.setPath(request.getContextPath() + CALLBACK_PATH);
		cookie.setMaxAge(maxAge);
		cookie.setHttpOnly(true);
		cookie.setSecure(request.isSecure());
		cookie.setAttribute("SameSite", "Lax");
		return cookie;
	}

	// The state is random; a hash of it names the cookie without repeating it.
	static String cookieName(String state) {
		return COOKIE_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(state)).substring(0, 22);
	}

	static String keyId(SecretKey key) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(key.getEncoded())).substring(0, 8);
	}

	private static byte[] sha256(String text) {
		return sha256(text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	// Spring Security makes them all strings; anything else would not come back as it
	// was.
	private static Map<String, String> strings(Map<String, Object> values) {
		Map<String, String> strings = new LinkedHashMap<>();
		values.forEach((name, value) -> strings.put(name, String.valueOf(value)));
		return strings;
	}

}
