package dev.simplelogin.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.crypto.SecretKey;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.security.jackson.CoreJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.oauth2.client.jackson.OAuth2ClientJacksonModule;
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
 * Its value is an encrypted JWT ({@code dir}, {@code A256GCM}, Nimbus): the browser can
 * neither read the PKCE verifier nor change anything, and it expires after
 * {@code simplelogin.state-cookie.max-age}. One from another browser is simply absent; a
 * tampered, expired, or foreign-key one reads as absent too, and the sign-in ends with
 * "try again". It is sent only to the callback path.
 */
final class StateCookieAuthorizationRequestRepository implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String COOKIE_PREFIX = "SIGNIN_";

	private static final String CALLBACK_PATH = "/login/oauth2/code/";

	private static final String REQUEST_CLAIM = "authorization_request";

	private final List<SecretKey> keys;

	private final Duration maxAge;

	private final Clock clock;

	private final JsonMapper json = authorizationRequestMapper();

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
		return (cookie != null) ? read(cookie.getValue(), state) : null;
	}

	@Override
	public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorizationRequest,
			HttpServletRequest request, HttpServletResponse response) {
		if (authorizationRequest == null) {
			removeAuthorizationRequest(request, response);
			return;
		}
		response.addCookie(cookie(request, cookieName(authorizationRequest.getState()), write(authorizationRequest),
				(int) this.maxAge.toSeconds()));
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

	private String write(OAuth2AuthorizationRequest authorizationRequest) {
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.maxAge)))
			.claim(REQUEST_CLAIM, this.json.writeValueAsString(authorizationRequest))
			.build();
		SecretKey key = this.keys.get(0);
		EncryptedJWT jwt = new EncryptedJWT(
				new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM).keyID(keyId(key)).build(), claims);
		try {
			jwt.encrypt(new DirectEncrypter(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("A 256-bit key encrypts with A256GCM", ex);
		}
		return jwt.serialize();
	}

	// Anything that does not decrypt with a known key, has expired or names another state
	// is no sign-in in flight.
	private @Nullable OAuth2AuthorizationRequest read(String value, String state) {
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
			OAuth2AuthorizationRequest authorizationRequest = this.json
				.readValue(claims.getStringClaim(REQUEST_CLAIM), OAuth2AuthorizationRequest.class);
			return state.equals(authorizationRequest.getState()) ? authorizationRequest : null;
		}
		catch (ParseException | JOSEException | JacksonException | IllegalArgumentException ex) {
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

	// Spring Security's own mapping of the authorization request; only its types are read.
	private static JsonMapper authorizationRequestMapper() {
		BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder();
		List<SecurityJacksonModule> modules = List.of(new CoreJacksonModule(), new OAuth2ClientJacksonModule());
		modules.forEach((module) -> module.configurePolymorphicTypeValidator(allowed));
		return JsonMapper.builder()
			.addModules(modules)
			.activateDefaultTyping(allowed.build(), DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY)
			.build();
	}

}
