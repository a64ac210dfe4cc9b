package dev.simplelogin.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenID provider that each test can make misbehave: it serves discovery,
 * authorization (no login form: it signs in whoever it is told to), token, userinfo and
 * signing keys over real HTTP on 127.0.0.1, signing with Nimbus. It checks what an honest
 * provider checks (single-use codes, PKCE), and records every secret it hands out so a
 * test can look for them in the logs.
 */
public final class HostileProvider implements AutoCloseable {

	public static final String CLIENT_ID = "hostile-client";

	/** The event a logout token's {@code events} claim must name. */
	public static final String BACK_CHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private final HttpServer server;

	private final String issuer;

	private final String clientSecret = "hostile-" + UUID.randomUUID();

	private final Map<String, Grant> grants = new ConcurrentHashMap<>();

	private final Map<String, String> subjectsByAccessToken = new ConcurrentHashMap<>();

	private final List<String> issuedSecrets = new CopyOnWriteArrayList<>();

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private volatile RSAKey signingKey = newKey();

	private volatile Misbehaviour misbehaviour = Misbehaviour.none();

	private volatile ProviderClaims claims;

	private volatile boolean discoveryDown;

	public HostileProvider() {
		try {
			// 200 users sign in at once (ConcurrencyIntegrationTests): a backlog of 50
			// made the kernel refuse some token requests, which the app rightly called
			// "unreachable".
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.issuer = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/.well-known/openid-configuration", this::discovery);
		this.server.createContext("/authorize", this::authorize);
		this.server.createContext("/token", this::token);
		this.server.createContext("/userinfo", this::userInfo);
		this.server.createContext("/jwks", this::jwks);
		this.server.start();
	}

	public String issuer() {
		return this.issuer;
	}

	public String clientSecret() {
		return this.clientSecret;
	}

	/**
	 * The properties that register the app with this provider as {@code hostile}.
	 * @return the properties
	 */
	public Map<String, String> clientProperties() {
		return clientProperties("hostile", "Hostile");
	}

	/**
	 * The properties that register the app with this provider under an id of the test's
	 * choosing, so that one provider can stand for several with different settings.
	 * @param registrationId the registration id
	 * @param name the name on its button
	 * @return the properties
	 */
	public Map<String, String> clientProperties(String registrationId, String name) {
		String registration = "spring.security.oauth2.client.registration." + registrationId;
		return Map.of(registration + ".client-id", CLIENT_ID, registration + ".client-secret", this.clientSecret,
				registration + ".client-name", name,
				"spring.security.oauth2.client.provider." + registrationId + ".issuer-uri", this.issuer);
	}

	/**
	 * Sets how the next sign-ins go wrong, until {@link #behave()}.
	 * @param misbehaviour what to do differently from an honest provider
	 */
	public void misbehave(Misbehaviour misbehaviour) {
		this.misbehaviour = misbehaviour;
	}

	public void behave() {
		this.misbehaviour = Misbehaviour.none();
	}

	/**
	 * Makes the discovery document answer 503 (as during an outage), or answer again.
	 * @param down whether discovery fails
	 */
	public void discoveryDown(boolean down) {
		this.discoveryDown = down;
	}

	/**
	 * Adds a real provider's claims to every ID token and userinfo answer from now on.
	 * @param claims the claims, or {@code null} for none
	 */
	public void sendClaims(ProviderClaims claims) {
		this.claims = claims;
	}

	public void rotateKeys() {
		this.signingKey = newKey();
	}

	public int tokenRequests() {
		return this.tokenRequests.get();
	}

	public int jwksFetches() {
		return this.jwksFetches.get();
	}

	/**
	 * Every code, access token and ID token handed out, the client secret, and the state,
	 * nonce and PKCE code verifier of every sign-in the app started here.
	 */
	public List<String> issuedSecrets() {
		List<String> secrets = new ArrayList<>(this.issuedSecrets);
		secrets.add(this.clientSecret);
		return secrets;
	}

	/**
	 * A logout token for the app, signed with the provider's key and typed
	 * {@code logout+jwt}: {@code iss}, {@code aud}, {@code iat} (now), a fresh
	 * {@code jti} and the back-channel {@code events}, changed as the test says
	 * ({@code null} removes a claim).
	 * @param change what to add or change: {@code sub}, {@code sid}, or anything hostile
	 * @return the serialized token
	 */
	public String logoutToken(Consumer<Map<String, Object>> change) {
		return logoutToken(change, "logout+jwt", Signing.HONEST);
	}

	/**
	 * An honest logout token that names a person, a provider session, or both.
	 * @param subject its {@code sub}, or {@code null} for none
	 * @param sid its {@code sid}, or {@code null} for none
	 * @return the serialized token
	 */
	public String logoutToken(String subject, String sid) {
		return logoutToken((claims) -> {
			claims.put("sub", subject);
			claims.put("sid", sid);
		});
	}

	/**
	 * A logout token with the given type header and signing.
	 * @param change what to add or change ({@code null} removes a claim)
	 * @param type the {@code typ} header, or {@code null} for none
	 * @param signing how it is signed: {@code HONEST}, {@code BAD_SIGNATURE},
	 * {@code UNKNOWN_KEY} or {@code NONE}
	 * @return the serialized token
	 */
	public String logoutToken(Consumer<Map<String, Object>> change, String type, Signing signing) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", this.issuer);
		claims.put("aud", List.of(CLIENT_ID));
		claims.put("iat", Date.from(Instant.now()));
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("events", Map.of(BACK_CHANNEL_LOGOUT_EVENT, Map.of()));
		change.accept(claims);
		claims.values().removeIf(Objects::isNull);
		JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
		claims.forEach(set::claim);
		RSAKey key = (signing == Signing.UNKNOWN_KEY) ? newKey() : this.signingKey;
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
		if (type != null) {
			header.type(new JOSEObjectType(type));
		}
		if (signing == Signing.NONE) {
			return new PlainJWT(set.build()).serialize();
		}
		try {
			SignedJWT jwt = new SignedJWT(header.build(), set.build());
			jwt.sign(new RSASSASigner(key));
			String token = jwt.serialize();
			return (signing == Signing.BAD_SIGNATURE) ? tamperWithSignature(token) : token;
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void discovery(HttpExchange exchange) throws IOException {
		if (this.discoveryDown) {
			json(exchange, 503, "{\"error\": \"temporarily_unavailable\"}");
			return;
		}
		json(exchange, 200, """
				{"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
				 "userinfo_endpoint": "%1$s/userinfo", "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"],
				 "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
				 "token_endpoint_auth_methods_supported": ["client_secret_basic"],
				 "prompt_values_supported": ["none", "login", "consent", "select_account"]}
				""".formatted(this.issuer));
	}

	// Signs in whoever login_hint names (default "mallory"), without a form.
	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		recordSecrets(query.get("state"), query.get("nonce"));
		Misbehaviour misbehaviour = this.misbehaviour;
		String redirect = query.get("redirect_uri");
		String state = misbehaviour.state != null ? misbehaviour.state : query.get("state");
		if (misbehaviour.authorizationError != null) {
			redirect(exchange, redirect + "?error=" + encode(misbehaviour.authorizationError) + "&error_description="
					+ encode(misbehaviour.errorDescription) + "&state=" + encode(state));
			return;
		}
		String code = random();
		String subject = query.getOrDefault("login_hint", "mallory");
		this.grants.put(code, new Grant(subject, query.get("nonce"), query.get("code_challenge"), redirect));
		this.issuedSecrets.add(code);
		redirect(exchange, redirect + "?code=" + code + "&state=" + encode(state));
	}

	private void token(HttpExchange exchange) throws IOException {
		this.tokenRequests.incrementAndGet();
		Misbehaviour misbehaviour = this.misbehaviour;
		if (misbehaviour.tokenDelay != null) {
			sleep(misbehaviour.tokenDelay);
		}
		Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		recordSecrets(form.get("code_verifier"));
		Grant grant = this.grants.remove(form.getOrDefault("code", ""));
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + this.clientSecret).getBytes(StandardCharsets.UTF_8));
		if (misbehaviour.tokenError != null || grant == null
				|| !basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
				|| !grant.codeChallenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
			String error = (misbehaviour.tokenError != null) ? misbehaviour.tokenError : "invalid_grant";
			json(exchange, 400, "{\"error\": \"" + error + "\"}");
			return;
		}
		String accessToken = "at-" + random();
		String idToken = idToken(grant, misbehaviour);
		this.subjectsByAccessToken.put(accessToken, grant.subject());
		this.issuedSecrets.add(accessToken);
		this.issuedSecrets.add(idToken);
		json(exchange, 200, """
				{"access_token": "%s", "token_type": "Bearer", "expires_in": 300, "scope": "openid profile email",
				 "id_token": "%s"}""".formatted(accessToken, idToken));
	}

	private void userInfo(HttpExchange exchange) throws IOException {
		String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
		String subject = this.subjectsByAccessToken.get(authorization.replaceFirst("^Bearer ", ""));
		if (subject == null) {
			json(exchange, 401, "{\"error\": \"invalid_token\"}");
			return;
		}
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", (this.misbehaviour.userInfoSubject != null) ? this.misbehaviour.userInfoSubject : subject);
		claims.put("name", "User " + subject);
		ProviderClaims extra = this.claims;
		if (extra != null) {
			claims.putAll(extra.userInfo());
		}
		json(exchange, 200, JSONObjectUtils.toJSONString(claims));
	}

	private void jwks(HttpExchange exchange) throws IOException {
		this.jwksFetches.incrementAndGet();
		json(exchange, 200, new JWKSet(this.signingKey.toPublicJWK()).toString());
	}

	private String idToken(Grant grant, Misbehaviour misbehaviour) {
		Instant now = Instant.now();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", this.issuer);
		claims.put("sub", grant.subject());
		claims.put("aud", List.of(CLIENT_ID));
		claims.put("iat", Date.from(now));
		claims.put("exp", Date.from(now.plusSeconds(300)));
		claims.put("nonce", grant.nonce());
		claims.put("name", "User " + grant.subject());
		claims.put("email", grant.subject() + "@example.com");
		claims.put("email_verified", true);
		ProviderClaims extra = this.claims;
		if (extra != null) {
			claims.putAll(extra.idToken());
		}
		misbehaviour.claims.accept(claims);
		JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().serializeNullClaims(true);
		claims.forEach(set::claim);
		JWTClaimsSet claimSet = set.build();
		try {
			return switch (misbehaviour.signing) {
				case HONEST -> sign(claimSet, this.signingKey);
				case UNKNOWN_KEY -> sign(claimSet, newKey());
				case BAD_SIGNATURE -> tamperWithSignature(sign(claimSet, this.signingKey));
				case NONE -> new PlainJWT(claimSet).serialize();
				case ACCESS_TOKEN_TYPE -> {
					SignedJWT jwt = new SignedJWT(
							new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.signingKey.getKeyID())
								.type(new JOSEObjectType("at+jwt"))
								.build(),
							claimSet);
					jwt.sign(new RSASSASigner(this.signingKey));
					yield jwt.serialize();
				}
				case MALFORMED -> "not.a.jwt";
				case HS256_WITH_CLIENT_SECRET -> {
					SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claimSet);
					jwt.sign(new MACSigner(this.clientSecret.getBytes(StandardCharsets.UTF_8)));
					yield jwt.serialize();
				}
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void recordSecrets(String... values) {
		for (String value : values) {
			if (value != null && !value.isEmpty()) {
				this.issuedSecrets.add(value);
			}
		}
	}

	private static String sign(JWTClaimsSet claims, RSAKey key) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static String tamperWithSignature(String token) {
		char last = token.charAt(token.length() - 2);
		return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
	}

	private static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String random() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return parameters;
		}
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			parameters.putIfAbsent(name, value);
		}
		return parameters;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	// Browsers get only redirects here, and each keeps its connection open otherwise. The
	// JDK's HTTP server holds at most 200 idle connections (sun.net.httpserver.
	// maxIdleConnections); past that it closes one right after answering on it, without
	// saying so, and under 200 browsers at once (ConcurrencyIntegrationTests) the app's
	// next token request went out on such a closed connection: an I/O error, and the
	// sign-in failed as "unreachable". Saying "close" keeps the browsers' connections out
	// of that count.
	private static void redirect(HttpExchange exchange, String location) throws IOException {
		exchange.getResponseHeaders().set("Connection", "close");
		exchange.getResponseHeaders().set("Location", URI.create(location).toString());
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private static void json(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private record Grant(String subject, String nonce, String codeChallenge, String redirectUri) {
	}

	/** How the ID token is signed. */
	public enum Signing {

		HONEST, UNKNOWN_KEY, BAD_SIGNATURE, NONE, HS256_WITH_CLIENT_SECRET, ACCESS_TOKEN_TYPE, MALFORMED

	}

	/**
	 * What the provider does differently from an honest one during a sign-in.
	 */
	public static final class Misbehaviour {

		private Consumer<Map<String, Object>> claims = (claims) -> {
		};

		private Signing signing = Signing.HONEST;

		private String userInfoSubject;

		private String tokenError;

		private Duration tokenDelay;

		private String authorizationError;

		private String errorDescription;

		private String state;

		private Misbehaviour() {
		}

		public static Misbehaviour none() {
			return new Misbehaviour();
		}

		/** Changes the ID token's claims; {@code null} removes one. */
		public static Misbehaviour claims(Consumer<Map<String, Object>> change) {
			return with((misbehaviour) -> misbehaviour.claims = (claims) -> {
				change.accept(claims);
				claims.values().removeIf(Objects::isNull);
			});
		}

		public static Misbehaviour claim(String name, Object value) {
			return claims((claims) -> claims.put(name, value));
		}

		/** Sets a time claim relative to the moment the token is issued. */
		public static Misbehaviour claimFromNow(String name, Duration offset) {
			return claims((claims) -> claims.put(name, Date.from(Instant.now().plus(offset))));
		}

		public static Misbehaviour signing(Signing signing) {
			return with((misbehaviour) -> misbehaviour.signing = signing);
		}

		public static Misbehaviour userInfoSubject(String subject) {
			return with((misbehaviour) -> misbehaviour.userInfoSubject = subject);
		}

		public static Misbehaviour tokenError(String error) {
			return with((misbehaviour) -> misbehaviour.tokenError = error);
		}

		public static Misbehaviour tokenDelay(Duration delay) {
			return with((misbehaviour) -> misbehaviour.tokenDelay = delay);
		}

		public static Misbehaviour authorizationError(String error, String description) {
			return with((misbehaviour) -> {
				misbehaviour.authorizationError = error;
				misbehaviour.errorDescription = description;
			});
		}

		public static Misbehaviour state(String state) {
			return with((misbehaviour) -> misbehaviour.state = state);
		}

		private static Misbehaviour with(Consumer<Misbehaviour> change) {
			Misbehaviour misbehaviour = new Misbehaviour();
			change.accept(misbehaviour);
			return misbehaviour;
		}

	}

}
