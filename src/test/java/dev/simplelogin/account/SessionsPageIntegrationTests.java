package dev.simplelogin.account;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.simplelogin.session.SessionKey;
import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sessions page over real HTTP on H2: what it lists, what its forms end, and that
 * nobody reaches another person's session. An ended session is refused at once: on H2 the
 * cache is invalidated in process.
 */
@AppWithDemoProviderTest(properties = "simplelogin.session.cleanup-cron=-")
class SessionsPageIntegrationTests {

	private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

	private static final String SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

	private static final Pattern HANDLE = Pattern.compile("name=\"session\" value=\"([0-9a-f]{64})\"");

	private static final Pattern SIGNED_IN = Pattern.compile("<time datetime=\"([^\"]+)\">([^<]+)</time>");

	private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter
		.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final HostileProvider otherProvider = new HostileProvider();

	private final DemoOpenIdProvider provider = TestProviders.demo();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void registerAnotherProvider(DynamicPropertyRegistry registry) {
		otherProvider.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stopProvider() {
		otherProvider.close();
	}

	@Test
	void sessionsPageNeedsSignIn() {
		HttpResponse<String> page = browser().get("/sessions");

		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(page)).hasPath("/login");
	}

	@Test
	void listsEverySessionOfThePersonWithItsProviderBrowserAndAddressAndMarksThisOne() {
		HttpFlow firefox = signedIn("alice", FIREFOX);
		signedIn("alice", SAFARI);
		signedIn("bob", FIREFOX);

		String page = firefox.get("/sessions").body();

		assertThat(rows(page)).containsExactly("Firefox on Windows this browser", "Safari on iOS");
		assertThat(page).contains("Demo provider", "127.0.0.1", "Within the last minute", "Now");
		assertThat(handles(page)).hasSize(1);
	}

	@Test
	void eachSessionSaysWhenItsPersonSignedIn() {
		Instant before = Instant.now();
		HttpFlow alice = signedIn("alice", FIREFOX);
		Instant after = Instant.now();

		Matcher signedIn = SIGNED_IN.matcher(alice.get("/sessions").body());

		assertThat(signedIn.find()).as("a sign-in time").isTrue();
		Instant at = Instant.parse(signedIn.group(1));
		assertThat(at).isBetween(before, after);
		assertThat(signedIn.group(2)).isEqualTo(DAY_AND_TIME.format(at));
	}

	// The second sign-in comes half a max age after the first, so that for that long the
	// first session is past its max age and the second, which asks for the page, is not.
	// The first session makes no request then, so nothing has deleted its row.
	@Test
	void sessionPastItsMaxAgeIsNeitherListedNorCountedThoughItsRowIsStillStored() {
		Duration maxAge = Duration.ofSeconds(6);
		try (AppInstance app = AppInstance.start(Map.of("spring.datasource.url",
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "simplelogin.session.max-age",
				maxAge.toSeconds() + "s", "simplelogin.session.cleanup-cron", "-"))) {
			HttpFlow first = new HttpFlow(app.baseUrl(), FIREFOX);
			first.signIn("/secret", this.provider.account("alice"));
			Instant firstSignedIn = Instant.now();
			while (Instant.now().isBefore(firstSignedIn.plus(maxAge.dividedBy(2)))) {
				assertThat(rows(first.get("/sessions").body())).containsExactly("Firefox on Windows this browser");
			}
			HttpFlow later = new HttpFlow(app.baseUrl(), SAFARI);
			later.signIn("/secret", this.provider.account("alice"));
			Instant laterSignedIn = Instant.now();

			List<String> rows = rows(later.get("/sessions").body());
			while (rows.size() > 1 && Instant.now().isBefore(laterSignedIn.plus(maxAge.minusSeconds(1)))) {
				rows = rows(later.get("/sessions").body());
			}

			assertThat(rows).containsExactly("Safari on iOS this browser");
			assertThat(Duration.between(firstSignedIn, Instant.now())).isGreaterThan(maxAge.minusSeconds(2));
			assertThat(later.get("/").body()).contains(">Signed in on 1 device<");
			assertThat(
					app.bean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class))
				.isEqualTo(2);
		}
	}

	@Test
	void theSameSubjectAtAnotherProviderIsAnotherPerson() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		HttpFlow aliceElsewhere = browser(SAFARI);
		aliceElsewhere.follow(aliceElsewhere.get(aliceElsewhere.callbackFrom("hostile", "alice").toString()));
		assertThat(aliceElsewhere.get("/secret").statusCode()).isEqualTo(200);

		assertThat(rows(alice.get("/sessions").body())).containsExactly("Firefox on Windows this browser");
		assertThat(rows(aliceElsewhere.get("/sessions").body())).containsExactly("Safari on iOS this browser");
		assertThat(end(aliceElsewhere, handleOf(alice)).body()).contains("nothing was signed out");
		assertThat(alice.get("/secret").statusCode()).isEqualTo(200);
	}

	@Test
	void pageNamesSessionsByHashNeverById() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		HttpFlow other = signedIn("alice", SAFARI);

		String page = alice.get("/sessions").body();

		assertThat(page).doesNotContain(sessionId(alice), sessionId(other), alice.cookie("SESSION").orElseThrow(),
				other.cookie("SESSION").orElseThrow());
		assertThat(handles(page)).containsExactly(handleOf(other));
	}

	@Test
	void signingOutAnotherSessionEndsItAtOnceAndSaysSo() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		HttpFlow other = signedIn("alice", SAFARI);

		HttpResponse<String> answer = end(alice, handleOf(other));

		assertThat(answer.uri()).hasPath("/sessions");
		assertThat(answer.body()).contains("That session is signed out.");
		assertThat(rows(answer.body())).containsExactly("Firefox on Windows this browser");
		assertRefused(other);
		assertThat(alice.get("/secret").statusCode()).isEqualTo(200);
	}

	@Test
	void anotherPersonsHandleEndsNothing() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		HttpFlow bob = signedIn("bob", SAFARI);
		HttpFlow bobElsewhere = signedIn("bob", FIREFOX);
		String bobsHandle = handles(bob.get("/sessions").body()).get(0);

		assertThat(end(alice, bobsHandle).body()).contains("nothing was signed out");

		assertThat(bob.get("/secret").statusCode()).isEqualTo(200);
		assertThat(bobElsewhere.get("/secret").statusCode()).isEqualTo(200);
	}

	@Test
	void guessedHandlesAndRawSessionIdsEndNothing() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		HttpFlow other = signedIn("alice", SAFARI);

		for (String guess : List.of("0".repeat(64), handleOf(other).substring(0, 12), sessionId(other),
				other.cookie("SESSION").orElseThrow(), handleOf(alice), "", "' OR '1'='1")) {
			assertThat(end(alice, guess).body()).as(guess).contains("nothing was signed out");
		}

		assertThat(other.get("/secret").statusCode()).isEqualTo(200);
		assertThat(alice.get("/secret").statusCode()).isEqualTo(200);
	}

	@Test
	void formsWithoutTheCsrfTokenEndNothing() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		HttpFlow other = signedIn("alice", SAFARI);
		String othersToken = HttpFlow.csrfToken(other.get("/sessions").body());

		assertShownThePageAgain(alice, alice.post("/sessions/end", Map.of("session", handleOf(other))));
		assertShownThePageAgain(alice, alice.post("/sessions/end-others", Map.of()));
		assertShownThePageAgain(alice, alice.post("/sessions/end-all", Map.of("_csrf", "forged")));
		assertShownThePageAgain(alice, alice.post("/sessions/end-all", Map.of("_csrf", othersToken)));

		assertThat(other.get("/secret").statusCode()).isEqualTo(200);
		assertThat(alice.get("/secret").statusCode()).isEqualTo(200);
	}

	// A page kept from before its session ended elsewhere: the browser still sends the
	// ended session's cookie with the page's token.
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/sessions/end", "/sessions/end-others", "/sessions/end-all" })
	void formOnAPageWhoseSessionHasEndedEndsOnTheSignedOutPageAndEndsNothing(String form) {
		HttpFlow alice = signedIn("alice", FIREFOX);
		HttpFlow second = signedIn("alice", SAFARI);
		HttpFlow third = signedIn("alice", SAFARI);
		String stalePage = alice.get("/sessions").body();
		end(second, handleOf(alice));

		HttpResponse<String> answer = alice.post(form,
				Map.of("_csrf", HttpFlow.csrfToken(stalePage), "session", handleOf(third)));

		assertEndsSignedOut(alice, answer);
		assertThat(second.get("/secret").statusCode()).isEqualTo(200);
		assertThat(third.get("/secret").statusCode()).isEqualTo(200);
	}

	@Test
	void signOutEverywhereOnAPageRestoredAfterSigningOutEndsOnTheSignedOutPage() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		String staleToken = HttpFlow.csrfToken(alice.get("/sessions").body());
		alice.follow(alice.post("/logout", Map.of("_csrf", HttpFlow.csrfToken(alice.get("/logout").body()))));

		assertEndsSignedOut(alice, alice.post("/sessions/end-all", Map.of("_csrf", staleToken)));
	}

	@Test
	void signOutEverywhereElseKeepsOnlyThisSession() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		HttpFlow second = signedIn("alice", SAFARI);
		HttpFlow third = signedIn("alice", SAFARI);
		HttpFlow bob = signedIn("bob", SAFARI);

		HttpResponse<String> answer = post(alice, "/sessions/end-others", Map.of());

		assertThat(answer.body()).contains("Your other sessions are signed out.");
		assertThat(rows(answer.body())).containsExactly("Firefox on Windows this browser");
		assertRefused(second);
		assertRefused(third);
		assertThat(alice.get("/secret").statusCode()).isEqualTo(200);
		assertThat(bob.get("/secret").statusCode()).isEqualTo(200);
	}

	@Test
	void signOutEverywhereEndsThisSessionTooAsASignOutDoes() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		HttpFlow other = signedIn("alice", SAFARI);
		HttpFlow bob = signedIn("bob", SAFARI);

		HttpResponse<String> answer = post(alice, "/sessions/end-all", Map.of());

		assertThat(answer.uri()).hasPath("/").hasQuery("logout");
		assertThat(answer.body()).contains("You have been signed out.");
		assertRefused(alice);
		assertRefused(other);
		assertThat(bob.get("/secret").statusCode()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class)).isEqualTo(1);
	}

	@Test
	void homePageSaysOnHowManyDevicesThePersonIsSignedIn() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		signedIn("bob", SAFARI);
		assertThat(alice.get("/").body()).contains(">Signed in on 1 device<", "href=\"/sessions\"");

		signedIn("alice", SAFARI);

		assertThat(alice.get("/").body()).contains(">Signed in on 2 devices<");
	}

	@Test
	void sessionsPageIsOneQueryAndTheHomePageOneCount() {
		HttpFlow alice = signedIn("alice", FIREFOX);
		signedIn("alice", SAFARI);
		alice.get("/secret");
		this.jdbc.execute("SET QUERY_STATISTICS TRUE");
		try {
			long before = sessionQueries();
			assertThat(alice.get("/sessions").statusCode()).isEqualTo(200);
			long page = sessionQueries() - before;
			assertThat(alice.get("/").statusCode()).isEqualTo(200);
			long home = sessionQueries() - before - page;

			assertThat(page).isOne();
			assertThat(home).isOne();
		}
		finally {
			this.jdbc.execute("SET QUERY_STATISTICS FALSE");
		}
	}

	// Statements on the session tables that H2 ran, this test's own reading left out.
	private long sessionQueries() {
		Long count = this.jdbc.queryForObject("SELECT COALESCE(SUM(EXECUTION_COUNT), 0) FROM "
				+ "INFORMATION_SCHEMA.QUERY_STATISTICS WHERE SQL_STATEMENT LIKE '%SPRING_SESSION%' "
				+ "AND SQL_STATEMENT NOT LIKE '%QUERY_STATISTICS%'", Long.class);
		return (count != null) ? count : 0;
	}

	private HttpFlow signedIn(String username, String userAgent) {
		HttpFlow browser = browser(userAgent);
		browser.signIn("/secret", this.provider.account(username));
		return browser;
	}

	private HttpFlow browser() {
		return new HttpFlow("http://127.0.0.1:" + this.port);
	}

	private HttpFlow browser(String userAgent) {
		return new HttpFlow("http://127.0.0.1:" + this.port, userAgent);
	}

	static HttpResponse<String> end(HttpFlow browser, String handle) {
		return post(browser, "/sessions/end", Map.of("session", handle));
	}

	// As the page's form does: with the CSRF token of the page, then following the
	// answer.
	static HttpResponse<String> post(HttpFlow browser, String path, Map<String, String> form) {
		String csrf = HttpFlow.csrfToken(browser.get("/sessions").body());
		Map<String, String> withToken = new HashMap<>(form);
		withToken.put("_csrf", csrf);
		HttpResponse<String> answer = browser.post(path, withToken);
		assertThat(answer.statusCode()).isEqualTo(302);
		return browser.follow(answer);
	}

	// As a sign-out whose session has already ended: the signed-out page, never a 403.
	static void assertEndsSignedOut(HttpFlow browser, HttpResponse<String> answer) {
		assertThat(answer.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(answer)).hasPath("/").hasQuery("logout");
		assertThat(answer.headers().firstValue("Clear-Site-Data")).contains("\"cache\"");
		assertThat(browser.follow(answer).body()).contains("You have been signed out.");
	}

	// Someone signed in whose form's token is not this session's gets the page again.
	static void assertShownThePageAgain(HttpFlow browser, HttpResponse<String> answer) {
		assertThat(answer.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(answer)).hasPath("/sessions").hasQuery("ended=stale");
		assertThat(browser.follow(answer).body()).contains("That page was out of date, so nothing was signed out.");
	}

	static void assertRefused(HttpFlow browser) {
		HttpResponse<String> page = browser.get("/secret");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(page)).hasPath("/login");
	}

	// Each row's heading: the browser label, and "this browser" on the current one.
	static List<String> rows(String page) {
		return Pattern.compile("<h2>(.*?)</h2>", Pattern.DOTALL)
			.matcher(page)
			.results()
			.map((row) -> row.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip())
			.toList();
	}

	static List<String> handles(String page) {
		return HANDLE.matcher(page).results().map((handle) -> handle.group(1)).toList();
	}

	static String handleOf(HttpFlow browser) {
		return SessionKey.of(sessionId(browser)).hash();
	}

	static String sessionId(HttpFlow browser) {
		return new String(Base64.getDecoder().decode(browser.cookie("SESSION").orElseThrow()),
				StandardCharsets.US_ASCII);
	}

}
