package dev.simplelogin.security.access;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HostileProvider.Misbehaviour;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.ProviderClaims;
import dev.simplelogin.user.UserDirectory;
import dev.simplelogin.user.UserMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may sign in, over real HTTP: one scriptable provider registered six times, each
 * registration with other rules, signs in people with the claims each case gives them.
 * ALLOW means signed in; REFUSE means the refusal page with a 403, no session row and
 * nobody in the user map.
 */
@AppWithDemoProviderTest(properties = { "simplelogin.access.domains=corp.example,eng.partner.example",
		"simplelogin.access.emails=Ada@Elsewhere.example",
		"simplelogin.access.registrations.verifying.verified-emails=true",
		"simplelogin.access.registrations.hosted.google-hosted-domains=corp.example",
		"simplelogin.access.registrations.workspaces.google-hosted-domains=corp.example,corp.org",
		"simplelogin.access.registrations.claims.required-claims.groups=staff",
		"simplelogin.access.registrations.listed.emails=Grace@Corp.Example" })
@ExtendWith(OutputCaptureExtension.class)
class AccessPolicyIntegrationTests {

	private static final HostileProvider provider = new HostileProvider();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private UserDirectory users;

	private HttpFlow browser;

	@DynamicPropertySource
	static void registerProvider(DynamicPropertyRegistry registry) {
		for (String id : List.of("hostile", "verifying", "hosted", "workspaces", "claims", "listed")) {
			provider.clientProperties(id, id).forEach((name, value) -> registry.add(name, () -> value));
		}
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
		provider.sendClaims(null);
	}

	static Stream<Arguments> domainsAndAddresses() {
		return Stream.of(allow("a listed domain", address("ada@corp.example")),
				allow("a listed domain in capitals", address("Ada@CORP.Example")),
				refuse("a look-alike domain ending in the listed one", address("ada@evil-corp.example")),
				refuse("a listed domain followed by another", address("ada@corp.example.evil.example")),
				refuse("a sub-domain of a listed domain", address("ada@mail.corp.example")),
				allow("a sub-domain that is listed itself", address("ada@eng.partner.example")),
				refuse("the parent of a listed sub-domain", address("ada@partner.example")),
				refuse("a listed domain before the last @", address("ada@corp.example@evil.example")),
				allow("a listed address, whatever its capitals", address("ada@elsewhere.EXAMPLE")),
				refuse("another address at a listed address's domain", address("bob@elsewhere.example")),
				refuse("no address at all", claims("email", null, "email_verified", null)),
				refuse("an address that is not a string", claims("email", List.of("ada@corp.example"))),
				refuse("email_verified false", claims("email", "ada@corp.example", "email_verified", false)),
				refuse("email_verified missing", claims("email", "ada@corp.example", "email_verified", null)),
				refuse("email_verified the string false",
						claims("email", "ada@corp.example", "email_verified", "false")),
				refuse("email_verified the string yes", claims("email", "ada@corp.example", "email_verified", "yes")),
				allow("email_verified the string true (as Apple sends it)",
						claims("email", "ada@corp.example", "email_verified", "true")));
	}

	@ParameterizedTest(name = "{0}: {2}")
	@MethodSource("domainsAndAddresses")
	void globalRulesDecideOnTheVerifiedAddress(String name, Consumer<Map<String, Object>> idToken, String verdict) {
		assertVerdict("hostile", idToken, verdict);
	}

	static Stream<Arguments> providerThatVerifiesEveryAddress() {
		return Stream.of(allow("email_verified missing", claims("email", "ada@corp.example", "email_verified", null)),
				refuse("email_verified missing, an address elsewhere",
						claims("email", "ada@evil.example", "email_verified", null)),
				refuse("no address at all", claims("email", null, "email_verified", null)));
	}

	@ParameterizedTest(name = "{0}: {2}")
	@MethodSource("providerThatVerifiesEveryAddress")
	void providerThatVerifiesEveryAddressKeepsTheGlobalRules(String name, Consumer<Map<String, Object>> idToken,
			String verdict) {
		assertVerdict("verifying", idToken, verdict);
	}

	static Stream<Arguments> addressesOfOneProvider() {
		return Stream.of(allow("its listed address", address("grace@corp.example")),
				allow("its listed address in other capitals", address("GRACE@corp.EXAMPLE")),
				refuse("another address at the listed address's domain, which the global rules allow",
						address("ada@corp.example")),
				refuse("an address the global rules list", address("ada@elsewhere.example")),
				refuse("its listed address unverified",
						claims("email", "grace@corp.example", "email_verified", false)));
	}

	@ParameterizedTest(name = "{0}: {2}")
	@MethodSource("addressesOfOneProvider")
	void providerWithAddressesOfItsOwnLetsInOnlyThose(String name, Consumer<Map<String, Object>> idToken,
			String verdict) {
		assertVerdict("listed", idToken, verdict);
	}

	static Stream<Arguments> hostedDomains() {
		return Stream.of(allow("hd of the listed domain", claims("hd", "corp.example")),
				refuse("no hd", claims("hd", null)), refuse("another hd", claims("hd", "evil.example")),
				refuse("a look-alike hd", claims("hd", "evil-corp.example")),
				refuse("the listed hd followed by another", claims("hd", "corp.example.evil.example")),
				refuse("hd as an array", claims("hd", List.of("corp.example"))));
	}

	@ParameterizedTest(name = "{0}: {2}")
	@MethodSource("hostedDomains")
	void googleHostedDomainIsTheIdTokensHd(String name, Consumer<Map<String, Object>> idToken, String verdict) {
		assertVerdict("hosted", idToken, verdict);
	}

	@Test
	void hdInTheUserInfoAnswerAloneIsNotEnough() {
		provider.sendClaims(userInfoOnly(Map.of("hd", "corp.example")));

		assertVerdict("hosted", claims(), "REFUSE");
	}

	@Test
	void anyOfSeveralHostedDomainsIsAllowed() {
		assertVerdict("workspaces", claims("hd", "corp.org"), "ALLOW");
	}

	static Stream<Arguments> requiredClaims() {
		return Stream.of(allow("the string", claims("groups", "staff")),
				allow("an array with it", claims("groups", List.of("admin", "staff"))),
				refuse("an array without it", claims("groups", List.of("admin", "staff-alumni"))),
				refuse("an empty array", claims("groups", List.of())), refuse("no such claim", claims()),
				refuse("another string", claims("groups", "Staff")),
				refuse("a string that only contains it", claims("groups", "staff,admin")),
				refuse("it nested one array deeper", claims("groups", List.of(List.of("staff")))),
				refuse("it as an object's value", claims("groups", Map.of("name", "staff"))));
	}

	@ParameterizedTest(name = "{0}: {2}")
	@MethodSource("requiredClaims")
	void requiredClaimMatchesAStringOrAnArrayElement(String name, Consumer<Map<String, Object>> idToken,
			String verdict) {
		assertVerdict("claims", idToken, verdict);
	}

	@Test
	void requiredClaimMayComeFromTheUserInfoAnswer() {
		provider.sendClaims(userInfoOnly(Map.of("groups", List.of("staff"))));

		assertVerdict("claims", claims(), "ALLOW");
	}

	@Test
	void refusalIsAForbiddenPageInTheLayoutWithTheAddressAndAWayToAnotherAccount() {
		provider.misbehave(Misbehaviour.claims(address("<b>ada</b>@evil.example")));

		HttpResponse<String> page = this.browser.get(this.browser.callbackFrom("hostile", "ada").toString());

		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
		assertThat(page.headers().allValues("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("SESSION="));
		assertThat(page.body())
			.contains("<h1>This account is not allowed here</h1>", "class=\"site-header\"",
					"&lt;b&gt;ada&lt;/b&gt;@evil.example",
					"href=\"/oauth2/authorization/hostile?prompt=select_account\">Use another account</a>")
			.doesNotContain("<b>ada</b>", "Exception");
	}

	@Test
	void refusalPageReachedWithoutASignInIsTheSignInPage() {
		HttpResponse<String> page = this.browser.get(AccessRefusedException.PAGE);

		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(page).getPath()).isEqualTo("/login");
	}

	@Test
	void refusalIsLoggedWithItsReasonButNotTheAddress(CapturedOutput output) {
		provider.misbehave(Misbehaviour.claims(address("ada@evil.example")));

		signIn("hostile");

		assertThat(output)
			.contains("Sign-in refused at hostile (email-not-listed): e-mail address or domain not allowed")
			.doesNotContain("ada@evil.example");
	}

	static Stream<Arguments> refusalReasons() {
		return Stream.of(Arguments.of("hostile", claims("email", null), "no-email"),
				Arguments.of("hostile", claims("email", "ada@corp.example", "email_verified", false),
						"email-unverified"),
				Arguments.of("hostile", address("ada@evil.example"), "email-not-listed"),
				Arguments.of("hosted", claims("hd", "evil.example"), "hosted-domain"),
				Arguments.of("claims", claims("groups", "alumni"), "required-claim"));
	}

	// Dashboards and alerts match on the key; the words beside it may change.
	@ParameterizedTest(name = "{2}")
	@MethodSource("refusalReasons")
	void eachRuleThatRefusesIsLoggedWithAStableKey(String registration, Consumer<Map<String, Object>> idToken,
			String key, CapturedOutput output) {
		provider.misbehave(Misbehaviour.claims(idToken));

		assertThat(signIn(registration).statusCode()).isEqualTo(403);

		assertThat(output).contains("Sign-in refused at " + registration + " (" + key + "): ");
	}

	@Test
	void authorizationRequestPreselectsTheHostedDomainOnlyWhenThereIsOne() {
		assertThat(HttpFlow.queryParameters(this.browser.startSignIn("hosted"))).containsEntry("hd", "corp.example");
		assertThat(HttpFlow.queryParameters(this.browser.startSignIn("workspaces"))).doesNotContainKey("hd");
		assertThat(HttpFlow.queryParameters(this.browser.startSignIn("hostile"))).doesNotContainKey("hd");
	}

	@Test
	void hdParameterOnlyPreselectsTheIdTokensHdIsStillChecked() {
		URI authorization = this.browser.startSignIn("hosted");
		provider.misbehave(Misbehaviour.claims(claims("hd", "evil.example")));

		HttpResponse<String> page = this.browser.get(authorization + "&login_hint=ada");

		assertRefused(this.browser, this.browser.get(HttpFlow.location(page).toString()), "ada");
	}

	@Test
	void anotherAccountAsksTheProviderToLetThePersonChoose() {
		URI authorization = HttpFlow.location(this.browser.get("/oauth2/authorization/hostile?prompt=select_account"));

		assertThat(HttpFlow.queryParameters(authorization)).containsEntry("prompt", "select_account")
			.containsKeys("state", "nonce", "code_challenge");
	}

	@Test
	void anotherAccountAtAProviderThatCannotChooseAsksForAFreshSignIn() {
		URI authorization = HttpFlow.location(this.browser.get("/oauth2/authorization/demo?prompt=select_account"));

		assertThat(HttpFlow.queryParameters(authorization)).containsEntry("prompt", "login");
	}

	@Test
	void noOtherPromptIsPassedOn() {
		URI authorization = HttpFlow.location(this.browser.get("/oauth2/authorization/hostile?prompt=none"));

		assertThat(HttpFlow.queryParameters(authorization)).doesNotContainKey("prompt");
	}

	private void assertVerdict(String registration, Consumer<Map<String, Object>> idToken, String verdict) {
		provider.misbehave(Misbehaviour.claims(idToken));
		String subject = "person-" + System.nanoTime();

		HttpResponse<String> page = signIn(registration, subject);

		if (verdict.equals("ALLOW")) {
			assertThat(page.statusCode()).isEqualTo(302);
			assertThat(this.browser.follow(page).body()).contains("Hello, User " + subject);
			assertThat(this.browser.get("/secret").statusCode()).isEqualTo(200);
			assertThat(UserMap.holds(this.users, provider.issuer(), subject)).isTrue();
		}
		else {
			assertRefused(this.browser, page, subject);
		}
	}

	private void assertRefused(HttpFlow flow, HttpResponse<String> page, String subject) {
		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("This account is not allowed here");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class)).isZero();
		assertThat(UserMap.holds(this.users, provider.issuer(), subject)).isFalse();
		assertThat(flow.get("/secret").statusCode()).isEqualTo(302);
	}

	private HttpResponse<String> signIn(String registration) {
		return signIn(registration, "ada");
	}

	private HttpResponse<String> signIn(String registration, String subject) {
		return this.browser.get(this.browser.callbackFrom(registration, subject).toString());
	}

	private static ProviderClaims userInfoOnly(Map<String, Object> claims) {
		return new ProviderClaims("userinfo only", Map.of(), claims, Map.of(), Map.of());
	}

	// A verified address, as the provider sends by default.
	private static Consumer<Map<String, Object>> address(String email) {
		return claims("email", email, "email_verified", true);
	}

	// null removes a claim.
	private static Consumer<Map<String, Object>> claims(Object... namesAndValues) {
		return (claims) -> {
			for (int i = 0; i < namesAndValues.length; i += 2) {
				claims.put((String) namesAndValues[i], namesAndValues[i + 1]);
			}
		};
	}

	private static Arguments allow(String name, Consumer<Map<String, Object>> idToken) {
		return Arguments.of(name, idToken, "ALLOW");
	}

	private static Arguments refuse(String name, Consumer<Map<String, Object>> idToken) {
		return Arguments.of(name, idToken, "REFUSE");
	}

}
