package dev.simplelogin.security.access;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HostileProvider.Misbehaviour;
import dev.simplelogin.testsupport.HttpFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Google hosted domain and required claims as global rules, for every provider
 * without rules of its own, over real HTTP. {@link AccessPolicyIntegrationTests} has them
 * per registration; its global rules are addresses and domains, which every case there
 * relies on, so these live in an app of their own. A person here passes with
 * {@code hd=corp.example}, {@code groups} holding {@code staff}, a claim named by a URL
 * holding {@code admin}, and {@code level} the string {@code 5}; each case breaks one.
 */
@AppWithDemoProviderTest(properties = { "simplelogin.access.google-hosted-domains=corp.example",
		"simplelogin.access.required-claims.groups=staff", "simplelogin.access.required-claims.level=5" })
class GlobalAccessRulesIntegrationTests {

	private static final String ROLES = "https://corp.example/roles";

	private static final HostileProvider provider = new HostileProvider();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	private HttpFlow browser;

	@DynamicPropertySource
	static void registerProvider(DynamicPropertyRegistry registry) {
		provider.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
		// A claim name with a colon and slashes keeps them only in the bracket form
		// (AccessPropertiesBindingTests); "every rule met" passes only if it bound whole.
		registry.add("simplelogin.access.required-claims[" + ROLES + "]", () -> "admin");
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@BeforeEach
	void newBrowser() {
		this.browser = new HttpFlow("http://127.0.0.1:" + this.port);
	}

	@AfterEach
	void honestAgain() {
		provider.behave();
	}

	static Stream<Arguments> people() {
		return Stream.of(Arguments.of("every rule met", Map.of(), true), Arguments.of("no hd", Map.of("hd", ""), false),
				Arguments.of("another hd", Map.of("hd", "evil.example"), false),
				Arguments.of("a look-alike hd", Map.of("hd", "evil-corp.example"), false),
				Arguments.of("hd in capitals", Map.of("hd", "CORP.example"), true),
				Arguments.of("groups without staff", Map.of("groups", List.of("alumni")), false),
				Arguments.of("the URL-named claim missing", Map.of(ROLES, ""), false),
				Arguments.of("the URL-named claim another value", Map.of(ROLES, List.of("reader")), false),
				Arguments.of("the URL-named claim as a string", Map.of(ROLES, "admin"), true),
				Arguments.of("level the number 5", Map.of("level", 5), false),
				Arguments.of("level the string 5 in an array", Map.of("level", List.of("5")), true),
				Arguments.of("level true", Map.of("level", true), false));
	}

	@ParameterizedTest(name = "{0}: allowed {2}")
	@MethodSource("people")
	void globalHostedDomainAndRequiredClaimsApplyToAProviderWithoutRulesOfItsOwn(String name,
			Map<String, Object> changes, boolean allowed) {
		String subject = "person-" + System.nanoTime();
		provider.misbehave(Misbehaviour.claims((claims) -> {
			claims.put("hd", "corp.example");
			claims.put("groups", List.of("staff", "admin"));
			claims.put(ROLES, List.of("admin"));
			claims.put("level", "5");
			// An empty string stands for a claim left out (Map.of takes no null).
			changes.forEach((claim, value) -> claims.put(claim, "".equals(value) ? null : value));
		}));

		HttpResponse<String> page = this.browser.get(this.browser.callbackFrom("hostile", subject).toString());

		if (allowed) {
			assertThat(page.statusCode()).isEqualTo(302);
			assertThat(this.browser.get("/secret").statusCode()).isEqualTo(200);
		}
		else {
			assertThat(page.statusCode()).isEqualTo(403);
			assertThat(page.body()).contains("This account is not allowed here");
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class)).isZero();
		}
	}

	@Test
	void globalSingleHostedDomainIsPreselectedAtTheProvider() {
		assertThat(HttpFlow.queryParameters(this.browser.startSignIn("hostile"))).containsEntry("hd", "corp.example");
	}

}
