package dev.simplelogin.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A real OpenID provider on localhost: Spring Authorization Server in its own application
 * context, with two accounts (alice and bob) whose passwords are generated at each start.
 * It signs ID tokens with a key it can rotate, counts the requests it serves per path,
 * and lets a test change claims of the ID tokens it issues. It offers RP-initiated logout
 * ({@code end_session_endpoint}, {@code /connect/logout}).
 */
public final class DemoOpenIdProvider implements AutoCloseable {

	/** The client the app is registered as. */
	public static final String CLIENT_ID = "simple-login";

	private final String issuer;

	private final String clientSecret;

	private final List<DemoAccount> accounts;

	private final ProviderState state;

	private final ConfigurableApplicationContext context;

	private DemoOpenIdProvider(String host, int port, boolean askConsent, int people) {
		this.clientSecret = randomSecret();
		List<DemoAccount> accounts = new ArrayList<>(
				List.of(new DemoAccount("alice", randomSecret(), "Alice Example", "alice@example.com"),
						new DemoAccount("bob", randomSecret(), "Bob Example", "bob@example.com")));
		for (int i = 1; i <= people; i++) {
			accounts.add(new DemoAccount("p" + i, randomSecret(), "Person " + i, "p" + i + "@soak.example"));
		}
		this.accounts = List.copyOf(accounts);
		this.state = new ProviderState(this.accounts);
		String client = "--spring.security.oauth2.authorizationserver.client.demo.";
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=" + host,
				"--spring.config.name=demo-provider", "--spring.main.banner-mode=off",
				// Browsers share cookies across ports of one host: the app owns SESSION.
				"--server.servlet.session.cookie.name=DEMO_PROVIDER_SESSION",
				client + "registration.client-id=" + CLIENT_ID,
				client + "registration.client-secret={noop}" + this.clientSecret,
				client + "registration.client-name=Demo provider",
				client + "registration.client-authentication-methods=client_secret_basic",
				client + "registration.authorization-grant-types=authorization_code",
				// Any port is allowed for loopback addresses, so tests on random ports
				// match.
				client + "registration.redirect-uris=http://localhost:8080/login/oauth2/code/demo,"
						+ "http://127.0.0.1:8080/login/oauth2/code/demo",
				// Where the app sends people back after signing out here (RP-initiated
				// logout); for 127.0.0.1 any port, as for the redirect URIs.
				client + "registration.post-logout-redirect-uris=http://localhost:8080/?logout,"
						+ "http://127.0.0.1:8080/?logout",
				client + "registration.scopes=openid,profile,email", client + "require-proof-key=true",
				client + "require-authorization-consent=" + askConsent));
		this.context = new SpringApplicationBuilder(ProviderApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("providerState", this.state))
			.run(args.toArray(String[]::new));
		int actualPort = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port", "0"));
		this.issuer = "http://" + host + ":" + actualPort;
		this.state.issuer = this.issuer;
	}

	/**
	 * Starts a provider.
	 * @param host the host name it is reached at, and listens on
	 * @param port the port, or 0 for a free one
	 * @return the running provider
	 */
	public static DemoOpenIdProvider start(String host, int port) {
		return new DemoOpenIdProvider(host, port, false, 0);
	}

	/**
	 * Starts a provider with accounts p1 to p{@code people} ("Person 1", p1@soak.example,
	 * ...) besides alice and bob, for the soak test's crowd.
	 * @param host the host name it is reached at, and listens on
	 * @param port the port, or 0 for a free one
	 * @param people how many more accounts
	 * @return the running provider
	 */
	public static DemoOpenIdProvider startWithPeople(String host, int port, int people) {
		return new DemoOpenIdProvider(host, port, false, people);
	}

	/**
	 * Starts a provider that asks each user to consent before it answers the app, and so
	 * offers a Cancel button, as Google does on a first sign-in.
	 * @param host the host name it is reached at, and listens on
	 * @param port the port, or 0 for a free one
	 * @return the running provider
	 */
	public static DemoOpenIdProvider startAskingConsent(String host, int port) {
		return new DemoOpenIdProvider(host, port, true, 0);
	}

	public String issuer() {
		return this.issuer;
	}

	public String clientSecret() {
		return this.clientSecret;
	}

	public List<DemoAccount> accounts() {
		return this.accounts;
	}

	public DemoAccount account(String username) {
		return this.accounts.stream()
			.filter((account) -> account.username().equals(username))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * The spring.security.oauth2.client properties that register the app with this
	 * provider under the registration id {@code demo}, by issuer URI alone.
	 * @return the properties
	 */
	public Map<String, String> clientProperties() {
		return Map.of("spring.security.oauth2.client.registration.demo.client-id", CLIENT_ID,
				"spring.security.oauth2.client.registration.demo.client-secret", this.clientSecret,
				"spring.security.oauth2.client.registration.demo.client-name", "Demo provider",
				"spring.security.oauth2.client.provider.demo.issuer-uri", this.issuer);
	}

	/**
	 * How many requests the provider has served for a path.
	 * @param path the request path, such as {@code /oauth2/jwks}
	 * @return the count so far
	 */
	public int requestCount(String path) {
		AtomicInteger count = this.state.requests.get(path);
		return (count != null) ? count.get() : 0;
	}

	/** Replaces the signing key, as a provider does when it rotates its keys. */
	public void rotateKeys() {
		this.state.keys = new JWKSet(newRsaKey());
	}

	/**
	 * Makes the next ID tokens carry this claim value, until {@link #resetClaims()}.
	 * @param name the claim
	 * @param value the value
	 */
	public void overrideIdTokenClaim(String name, Object value) {
		this.state.claimOverrides.put(name, value);
	}

	public void resetClaims() {
		this.state.claimOverrides.clear();
	}

	/**
	 * Sends a back-channel logout token to this address whenever a demo user signs out at
	 * the provider, as a provider does for a client registered with that
	 * {@code backchannel_logout_uri}.
	 * @param uri the app's back-channel logout endpoint
	 */
	public void sendBackChannelLogoutTo(String uri) {
		this.state.backChannelLogoutUris.add(uri);
	}

	public void stopBackChannelLogoutTo(String uri) {
		this.state.backChannelLogoutUris.remove(uri);
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static String randomSecret() {
		byte[] bytes = new byte[12];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static RSAKey newRsaKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keyPair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
				.privateKey((RSAPrivateKey) keyPair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What the running provider shares with its handle. */
	static final class ProviderState {

		final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

		final Map<String, Object> claimOverrides = new ConcurrentHashMap<>();

		final List<DemoAccount> accounts;

		final Set<String> backChannelLogoutUris = new CopyOnWriteArraySet<>();

		volatile JWKSet keys = new JWKSet(newRsaKey());

		volatile String issuer;

		ProviderState(List<DemoAccount> accounts) {
			this.accounts = accounts;
		}

	}

	/**
	 * The provider's application context. Not a {@code @Configuration}, so the app's
	 * component scan never picks it up; Boot's authorization-server auto-configuration
	 * does the rest from the properties above.
	 */
	@EnableAutoConfiguration(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration",
			"org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration" })
	static class ProviderApplication {

		// Boot's two chains (the authorization server's endpoints, then the sign-in
		// form), with one change: the sign-out endpoint accepts the registered
		// post-logout redirect URIs on any port of 127.0.0.1, as the authorization
		// endpoint does for redirect URIs, so that apps on random ports can sign out.
		@Bean
		@Order(1)
		SecurityFilterChain authorizationServer(HttpSecurity http) {
			http.oauth2AuthorizationServer((server) -> {
				http.securityMatcher(server.getEndpointsMatcher());
				server.oidc((oidc) -> oidc.logoutEndpoint((logout) -> logout
					.authenticationProviders((providers) -> providers.forEach(ProviderApplication::anyLoopbackPort))));
			});
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
			// The userinfo endpoint takes the access token.
			http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
			MediaTypeRequestMatcher pages = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
			pages.setIgnoredMediaTypes(Set.of(MediaType.ALL));
			http.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), pages));
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain signInForm(HttpSecurity http) {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
			http.formLogin(Customizer.withDefaults());
			return http.build();
		}

		private static void anyLoopbackPort(AuthenticationProvider provider) {
			if (provider instanceof OidcLogoutAuthenticationProvider logout) {
				logout.setAuthenticationValidator((context) -> {
					OidcLogoutAuthenticationToken request = context.getAuthentication();
					String requested = request.getPostLogoutRedirectUri();
					if (StringUtils.hasText(requested) && context.getRegisteredClient()
						.getPostLogoutRedirectUris()
						.stream()
						.noneMatch((registered) -> sameIgnoringLoopbackPort(registered, requested))) {
						throw new OAuth2AuthenticationException(
								new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "post_logout_redirect_uri", null));
					}
				});
			}
		}

		private static boolean sameIgnoringLoopbackPort(String registered, String requested) {
			UriComponents uri = UriComponentsBuilder.fromUriString(requested).build();
			if (!"127.0.0.1".equals(uri.getHost())) {
				return registered.equals(requested);
			}
			return UriComponentsBuilder.fromUriString(registered)
				.port(uri.getPort())
				.build()
				.toUriString()
				.equals(requested);
		}

		@Bean
		UserDetailsService demoUsers(ProviderState state) {
			List<UserDetails> users = state.accounts.stream()
				.map((account) -> User.withUsername(account.username())
					.password("{noop}" + account.password())
					.roles("USER")
					.build())
				.toList();
			return new InMemoryUserDetailsManager(users);
		}

		// Spring's default encoder re-hashes a {noop} secret or password with bcrypt
		// after its first use, which made every token request cost the provider about 50
		// ms of CPU. With noop as the encoding for new hashes there is nothing to upgrade
		// to. (NoOpPasswordEncoder is deprecated as a warning against plain-text
		// passwords, which the demo's are meant to be.)
		@Bean
		@SuppressWarnings("deprecation")
		PasswordEncoder passwordEncoder() {
			return new DelegatingPasswordEncoder("noop", Map.of("noop", NoOpPasswordEncoder.getInstance()));
		}

		@Bean
		OAuth2AuthorizationService authorizations() {
			return new RecentAuthorizations();
		}

		@Bean
		JWKSource<SecurityContext> jwkSource(ProviderState state) {
			return (JWKSelector selector, SecurityContext context) -> selector.select(state.keys);
		}

		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(ProviderState state) {
			return (context) -> {
				if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
					return;
				}
				String username = context.getPrincipal().getName();
				state.accounts.stream()
					.filter((account) -> account.username().equals(username))
					.findFirst()
					.ifPresent((account) -> context.getClaims()
						.claim("name", account.name())
						.claim("email", account.email())
						.claim("email_verified", true));
				state.claimOverrides.forEach((name, value) -> context.getClaims().claim(name, value));
			};
		}

		// Spring Authorization Server sends no back-channel logout tokens: when someone
		// signs out at the provider (its /logout page), this sends one naming them (sub)
		// to each registered address. The provider's sign-out event does not say which of
		// its sessions ended, so the token names the person rather than a sid. Like
		// providers that retry, it sends the same token again while the app answers 5xx
		// or not in time (an instance down or its database restarting), for up to 30 s,
		// and answers the browser only after that.
		@Bean
		ApplicationListener<LogoutSuccessEvent> backChannelLogout(ProviderState state) {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			return (event) -> {
				for (String uri : state.backChannelLogoutUris) {
					String token = logoutToken(state, event.getAuthentication().getName());
					HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
						.timeout(Duration.ofSeconds(5))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("logout_token=" + token))
						.build();
					try {
						deliver(http, request);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			};
		}

		// Sends until the app answers below 500, for up to 30 s. An app that refuses the
		// connection is not running: it has nothing to sign out of.
		private static void deliver(HttpClient http, HttpRequest request) throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (true) {
				try {
					if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
						return;
					}
				}
				catch (HttpTimeoutException ex) {
					// An instance that was paused, or too busy to answer: again.
				}
				catch (IOException ex) {
					return;
				}
				if (System.nanoTime() > deadline) {
					return;
				}
				Thread.sleep(200);
			}
		}

		private static String logoutToken(ProviderState state, String subject) {
			RSAKey key = (RSAKey) state.keys.getKeys().get(0);
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(state.issuer)
				.audience(CLIENT_ID)
				.subject(subject)
				.issueTime(new Date())
				.jwtID(UUID.randomUUID().toString())
				.claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
				.type(new JOSEObjectType("logout+jwt"))
				.build(), claims);
			try {
				jwt.sign(new RSASSASigner(key));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
			return jwt.serialize();
		}

		// Ahead of Spring Security's filters, which answer the JWKS and token endpoints.
		@Bean
		FilterRegistrationBean<OncePerRequestFilter> requestCounter(ProviderState state) {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {
						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							state.requests.computeIfAbsent(request.getRequestURI(), (path) -> new AtomicInteger())
								.incrementAndGet();
							chain.doFilter(request, response);
						}
					});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	/**
	 * Spring Authorization Server's in-memory store, made safe for parallel sign-ins and
	 * bounded. Its token lookup iterates a map that other requests change, which failed
	 * one token request in a few hundred under the benchmark's parallel sign-ins, and it
	 * scans every authorization it ever kept, so each sign-in got slower than the last.
	 */
	static final class RecentAuthorizations implements OAuth2AuthorizationService {

		private static final int KEPT = 1000;

		private final InMemoryOAuth2AuthorizationService store = new InMemoryOAuth2AuthorizationService();

		private final Deque<String> oldestFirst = new ArrayDeque<>();

		@Override
		public synchronized void save(OAuth2Authorization authorization) {
			if (this.store.findById(authorization.getId()) == null) {
				this.oldestFirst.addLast(authorization.getId());
			}
			this.store.save(authorization);
			while (this.oldestFirst.size() > KEPT) {
				OAuth2Authorization oldest = this.store.findById(this.oldestFirst.removeFirst());
				if (oldest != null) {
					this.store.remove(oldest);
				}
			}
		}

		@Override
		public synchronized void remove(OAuth2Authorization authorization) {
			this.store.remove(authorization);
			this.oldestFirst.remove(authorization.getId());
		}

		@Override
		public synchronized OAuth2Authorization findById(String id) {
			return this.store.findById(id);
		}

		@Override
		public synchronized OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
			return this.store.findByToken(token, tokenType);
		}

	}

}
