package dev.simplelogin.security;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.ProviderClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every claim a provider sends survives the session store. A person signs in on one
 * instance at a provider that sends the claims of Google, Entra ID, Okta, Keycloak,
 * Auth0, Apple, or every JSON type; then instances that must decode the stored session (a
 * second one with an empty cache, and one without a cache) read the same claims back and
 * serve the secret page. This class runs on embedded H2; its PostgreSQL subclass on a
 * shared schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimsRoundTripIntegrationTests {

	private final HostileProvider provider = new HostileProvider();

	private final List<AppInstance> instances = new ArrayList<>();

	private final AtomicInteger people = new AtomicInteger();

	private Path h2;

	private AppInstance signingIn;

	private List<AppInstance> readers;

	@BeforeAll
	void startInstances() throws Exception {
		this.signingIn = start(Map.of());
		this.readers = List.of(start(Map.of()), start(Map.of("simplelogin.session.cache-size", "0")));
	}

	@AfterAll
	void stopThem() throws Exception {
		Collections.reverse(this.instances);
		this.instances.forEach(AppInstance::close);
		this.provider.close();
		if (this.h2 != null) {
			FileSystemUtils.deleteRecursively(this.h2);
		}
	}

	/**
	 * The database all instances share.
	 * @return its properties
	 * @throws Exception when it cannot be made
	 */
	Map<String, String> database() throws Exception {
		if (this.h2 == null) {
			this.h2 = Files.createTempDirectory("claims");
		}
		return Map.of("spring.datasource.url", "jdbc:h2:file:" + this.h2.resolve("sessions"));
	}

	String[] profiles() {
		return new String[0];
	}

	static List<ProviderClaims> claimSets() {
		return ProviderClaims.all();
	}

	@ParameterizedTest
	@MethodSource("claimSets")
	void everyClaimReadsBackEqualOnAnotherInstance(ProviderClaims claims) {
		this.provider.sendClaims(claims);
		HttpFlow browser = this.signingIn.browser();
		HttpResponse<String> landed = browser.follow(browser.get(browser.callbackFrom("hostile", person()).toString()));
		assertThat(landed.statusCode()).isEqualTo(200);
		String cookie = browser.cookie("SESSION").orElseThrow();

		for (AppInstance reader : this.readers) {
			OidcUser user = storedUser(reader, cookie);
			assertThat(user.getIdToken().getClaims())
				.containsExactlyInAnyOrderEntriesOf(withStandard(user.getIdToken().getClaims(), claims.keptIdToken()));
			assertThat(user.getUserInfo().getClaims()).containsAllEntriesOf(claims.keptUserInfo());
			HttpFlow there = reader.browser();
			there.setCookie("SESSION", cookie);
			assertThat(there.get("/secret").statusCode()).isEqualTo(200);
			assertThat(there.get("/secret").statusCode()).isEqualTo(200);
		}
	}

	// The way in that used to end in a 500: the saved request is removed on the first
	// page after sign-in, which reads the stored session again.
	@ParameterizedTest
	@MethodSource("claimSets")
	void deepLinkSignInKeepsThePersonSignedIn(ProviderClaims claims) {
		this.provider.sendClaims(claims);
		HttpFlow browser = this.signingIn.browser();
		assertThat(browser.get("/secret").statusCode()).isEqualTo(302);

		HttpResponse<String> landed = browser.follow(browser.get(browser.callbackFrom("hostile", person()).toString()));

		assertThat(landed.statusCode()).isEqualTo(200);
		assertThat(landed.uri().getPath()).isEqualTo("/secret");
		assertThat(browser.get("/secret").statusCode()).isEqualTo(200);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
	}

	// A session written before claims were made plain (by 0.1.0, from a real sign-in at
	// the demo provider) still reads back.
	@Test
	void sessionWrittenByTheFirstReleaseStillReadsBack() throws Exception {
		for (AppInstance reader : this.readers) {
			String id = SessionFixtures.storeFirstReleaseSession(reader);

			OidcUser user = storedUser(reader, Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)));

			assertThat(user.getEmail()).isEqualTo("alice@example.com");
			assertThat(user.getIdToken().getIssuer()).isNotNull();
			HttpFlow there = reader.browser();
			there.setCookie("SESSION", Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)));
			assertThat(there.get("/secret").body()).contains("Alice Example");
		}
	}

	private String person() {
		return "person-" + this.people.incrementAndGet();
	}

	// The claims the provider always sends stay as they were; the ones added must equal.
	private static Map<String, Object> withStandard(Map<String, Object> stored, Map<String, Object> added) {
		Map<String, Object> expected = new HashMap<>(stored);
		expected.keySet()
			.retainAll(List.of("iss", "sub", "aud", "iat", "exp", "nonce", "name", "email", "email_verified", "azp"));
		expected.putAll(added);
		return expected;
	}

	@SuppressWarnings("unchecked")
	private static OidcUser storedUser(AppInstance reader, String cookie) {
		String id = new String(Base64.getDecoder().decode(cookie), StandardCharsets.US_ASCII);
		Session session = ((SessionRepository<Session>) reader.bean(SessionRepository.class)).findById(id);
		assertThat(session).as("the stored session, read on another instance").isNotNull();
		SecurityContext context = session.getAttribute("SPRING_SECURITY_CONTEXT");
		return (OidcUser) context.getAuthentication().getPrincipal();
	}

	private AppInstance start(Map<String, String> properties) throws Exception {
		Map<String, String> all = new HashMap<>(database());
		all.putAll(this.provider.clientProperties());
		all.putAll(properties);
		AppInstance instance = AppInstance.start(all, profiles());
		this.instances.add(instance);
		return instance;
	}

}
