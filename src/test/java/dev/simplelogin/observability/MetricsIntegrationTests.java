package dev.simplelogin.observability;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.simplelogin.session.SessionKey;
import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HostileProvider.Misbehaviour;
import dev.simplelogin.testsupport.HttpFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters, as Prometheus scrapes them over HTTP from the management port, after
 * scripted sign-ins and sign-outs.
 */
@AppWithDemoProviderTest(properties = { "management.server.port=0",
		// Expired rows are deleted within a second, not a minute.
		"simplelogin.session.cleanup-cron=* * * * * *",
		"simplelogin.access.registrations.restricted.domains=corp.example" })
class MetricsIntegrationTests {

	private static final String SIGN_INS = "simplelogin_sign_ins_total";

	private static final String SIGN_OUTS = "simplelogin_sign_outs_total";

	private static final String PROVIDER_CALLS = "simplelogin_provider_calls_seconds_count";

	private static final String CACHE_GETS = "cache_gets_total";

	private static final String CACHE_SIZE = "cache_size";

	private static final HostileProvider provider = new HostileProvider();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void registerProvider(DynamicPropertyRegistry registry) {
		provider.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
		// The same provider again, behind an access rule that lets in corp.example only.
		provider.clientProperties("restricted", "Restricted").forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@AfterEach
	void honestAgain() {
		provider.behave();
	}

	@Test
	void prometheusIsServedOnTheManagementPortAndNotOnThePublicOne() {
		HttpResponse<String> management = new HttpFlow(managementUrl()).get("/actuator/prometheus", "Accept",
				"text/plain");
		HttpResponse<String> anonymous = browser().get("/actuator/prometheus");
		HttpFlow signedIn = signIn("ada");

		assertThat(management.statusCode()).isEqualTo(200);
		assertThat(management.body()).contains("# TYPE jvm_memory_used_bytes gauge");
		assertThat(anonymous.statusCode()).isEqualTo(404);
		assertThat(signedIn.get("/actuator/prometheus").statusCode()).isEqualTo(404);
	}

	@Test
	void signInsFailuresAndSignOutsAreCountedByProviderOutcomeAndKind() {
		double signedIn = sample("simplelogin_sign_ins_total", "outcome=\"success\",provider=\"hostile\"");
		double expired = sample("simplelogin_sign_ins_total", "outcome=\"expired\",provider=\"hostile\"");
		double unknown = sample("simplelogin_sign_ins_total", "outcome=\"expired\",provider=\"unknown\"");
		double signedOut = sample("simplelogin_sign_outs_total", "kind=\"user\"");

		HttpFlow ada = signIn("ada");
		signIn("grace");
		browser().get("/login/oauth2/code/hostile?code=c&state=s");
		browser().get("/login/oauth2/code/someone-elses?code=c&state=s");
		HttpResponse<String> home = ada.get("/");
		ada.post("/logout", Map.of("_csrf", HttpFlow.csrfToken(home.body())));

		assertThat(sample("simplelogin_sign_ins_total", "outcome=\"success\",provider=\"hostile\""))
			.isEqualTo(signedIn + 2);
		assertThat(sample("simplelogin_sign_ins_total", "outcome=\"expired\",provider=\"hostile\""))
			.isEqualTo(expired + 1);
		assertThat(sample("simplelogin_sign_ins_total", "outcome=\"expired\",provider=\"unknown\""))
			.isEqualTo(unknown + 1);
		assertThat(sample("simplelogin_sign_outs_total", "kind=\"user\"")).isEqualTo(signedOut + 1);
	}

	@Test
	void signInTheAccessRulesRefuseIsCountedAsRefusedAndByTheRuleThatRefused() {
		double refused = sample(SIGN_INS, "outcome=\"refused\",provider=\"restricted\"");
		double notListed = sample("simplelogin_access_refusals_total",
				"provider=\"restricted\",reason=\"email-not-listed\"");
		double succeeded = sample(SIGN_INS, "outcome=\"success\",provider=\"restricted\"");

		HttpFlow browser = browser();
		HttpResponse<String> refusal = browser.get(browser.callbackFrom("restricted", "ada").toString());
		provider.misbehave(Misbehaviour.claim("email", "grace@corp.example"));
		HttpResponse<String> allowed = browser.get(browser.callbackFrom("restricted", "grace").toString());

		assertThat(refusal.statusCode()).isEqualTo(403);
		assertThat(allowed.statusCode()).isEqualTo(302);
		assertThat(sample(SIGN_INS, "outcome=\"refused\",provider=\"restricted\"")).isEqualTo(refused + 1);
		assertThat(sample("simplelogin_access_refusals_total", "provider=\"restricted\",reason=\"email-not-listed\""))
			.isEqualTo(notListed + 1);
		assertThat(sample(SIGN_INS, "outcome=\"success\",provider=\"restricted\"")).isEqualTo(succeeded + 1);
	}

	@Test
	void failedSignInsAreCountedEachByItsReason() {
		double cancelled = sample(SIGN_INS, "outcome=\"cancelled\",provider=\"hostile\"");
		double unreachable = sample(SIGN_INS, "outcome=\"unreachable\",provider=\"hostile\"");
		double rejected = sample(SIGN_INS, "outcome=\"rejected\",provider=\"hostile\"");
		double succeeded = sample(SIGN_INS, "outcome=\"success\",provider=\"hostile\"");

		failSignIn(Misbehaviour.authorizationError("access_denied", "The person said no"), "cancelled");
		failSignIn(Misbehaviour.authorizationError("temporarily_unavailable", "Maintenance"), "unreachable");
		failSignIn(Misbehaviour.authorizationError("server_error", "Oops"), "unreachable");
		failSignIn(Misbehaviour.claim("nonce", "not-the-nonce"), "rejected");

		assertThat(sample(SIGN_INS, "outcome=\"cancelled\",provider=\"hostile\"")).isEqualTo(cancelled + 1);
		assertThat(sample(SIGN_INS, "outcome=\"unreachable\",provider=\"hostile\"")).isEqualTo(unreachable + 2);
		assertThat(sample(SIGN_INS, "outcome=\"rejected\",provider=\"hostile\"")).isEqualTo(rejected + 1);
		assertThat(sample(SIGN_INS, "outcome=\"success\",provider=\"hostile\"")).isEqualTo(succeeded);
	}

	@Test
	void sessionsEndedFromTheSessionsPageAndByTheProviderAreCountedByKind() {
		double sessionsPage = sample(SIGN_OUTS, "kind=\"sessions-page\"");
		double byProvider = sample(SIGN_OUTS, "kind=\"provider\"");
		double byUser = sample(SIGN_OUTS, "kind=\"user\"");
		HttpFlow laptop = signIn("lin", "sid-laptop");
		HttpFlow phone = signIn("lin", "sid-phone");
		HttpFlow tablet = signIn("lin", "sid-tablet");

		HttpResponse<String> sessions = phone.get("/sessions");
		phone.post("/sessions/end", Map.of("_csrf", HttpFlow.csrfToken(sessions.body()), "session",
				SessionKey.of(sessionId(laptop)).hash()));
		String logoutToken = provider.logoutToken((claims) -> {
			claims.put("sub", "lin");
			claims.put("sid", "sid-tablet");
		});
		HttpResponse<String> backChannel = browser().post("/logout/connect/back-channel/hostile",
				Map.of("logout_token", logoutToken));

		assertThat(backChannel.statusCode()).isEqualTo(200);
		assertThat(laptop.get("/secret").statusCode()).isEqualTo(302);
		assertThat(tablet.get("/secret").statusCode()).isEqualTo(302);
		assertThat(phone.get("/secret").statusCode()).isEqualTo(200);
		assertThat(sample(SIGN_OUTS, "kind=\"sessions-page\"")).isEqualTo(sessionsPage + 1);
		assertThat(sample(SIGN_OUTS, "kind=\"provider\"")).isEqualTo(byProvider + 1);
		assertThat(sample(SIGN_OUTS, "kind=\"user\"")).isEqualTo(byUser);
	}

	@Test
	void sessionTheCleanupDeletesIsCountedAsExpiry() {
		double expired = sample(SIGN_OUTS, "kind=\"expiry\"");
		String id = sessionId(signIn("ada"));

		// What half an hour without a request does to the row: the cleanup deletes by
		// this column.
		this.jdbc.update("UPDATE SPRING_SESSION SET EXPIRY_TIME = 0 WHERE SESSION_ID = ?", id);

		assertThat(awaitSample(SIGN_OUTS, "kind=\"expiry\"", expired + 1)).isEqualTo(expired + 1);
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID = ?", Integer.class, id))
			.isZero();
	}

	@Test
	void discoveryIsTimedOncePerProviderAtStartTokenAndUserinfoOncePerSignIn() {
		double token = sample(PROVIDER_CALLS, "call=\"token\",host=\"127.0.0.1\",outcome=\"success\"");
		double userinfo = sample(PROVIDER_CALLS, "call=\"userinfo\",host=\"127.0.0.1\",outcome=\"success\"");

		signIn("ada");
		signIn("grace");

		// demo, hostile and restricted, each read once when the app started.
		assertThat(sum(PROVIDER_CALLS, "call=\"discovery\"")).isEqualTo(3);
		assertThat(sample(PROVIDER_CALLS, "call=\"token\",host=\"127.0.0.1\",outcome=\"success\""))
			.isEqualTo(token + 2);
		assertThat(sample(PROVIDER_CALLS, "call=\"userinfo\",host=\"127.0.0.1\",outcome=\"success\""))
			.isEqualTo(userinfo + 2);
	}

	@Test
	void sessionCacheCountsHitsForACachedSessionAndAMissForOneItDoesNotHold() {
		HttpFlow ada = signIn("ada");
		// The first page after sign-in stored the CSRF token, a change that dropped the
		// session from the cache; this request read it back.
		ada.get("/secret");
		double hits = sample(CACHE_GETS, "cache=\"sessions\",result=\"hit\"");
		double misses = sample(CACHE_GETS, "cache=\"sessions\",result=\"miss\"");

		for (int i = 0; i < 3; i++) {
			assertThat(ada.get("/secret").statusCode()).isEqualTo(200);
		}
		HttpFlow stranger = browser();
		stranger.setCookie("SESSION", Base64.getEncoder()
			.encodeToString("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".getBytes(StandardCharsets.US_ASCII)));
		stranger.get("/");

		// Two per request: Spring Session's filter asks for the session again after
		// saving it, to tell whether its id changed; both times the cache answers.
		assertThat(sample(CACHE_GETS, "cache=\"sessions\",result=\"hit\"")).isEqualTo(hits + 6);
		assertThat(sample(CACHE_GETS, "cache=\"sessions\",result=\"miss\"")).isEqualTo(misses + 1);
	}

	@Test
	void sessionCacheHoldsASignedInSessionUntilItsSignOut() {
		double size = sample(CACHE_SIZE, "cache=\"sessions\"");

		HttpFlow grace = signIn("grace");
		double signedIn = sample(CACHE_SIZE, "cache=\"sessions\"");
		grace.post("/logout", Map.of("_csrf", HttpFlow.csrfToken(grace.get("/").body())));

		assertThat(signedIn).isEqualTo(size + 1);
		assertThat(sample(CACHE_SIZE, "cache=\"sessions\"")).isEqualTo(size);
	}

	@Test
	void providerCallsSessionCacheAndStoreHaveMeters() {
		signIn("ada").get("/secret");

		String scrape = scrape();
		assertThat(scrape).contains("simplelogin_provider_calls_seconds_count{call=\"token\"",
				"simplelogin_provider_calls_seconds_count{call=\"jwks\"", "cache_gets_total{cache=\"sessions\"",
				"simplelogin_sessions_cache_invalidations_total", "simplelogin_sessions_cache_trusted 1.0",
				"simplelogin_sessions_stored ", "simplelogin_sessions_undecodable_total",
				"http_server_requests_seconds_count");
		assertThat(sample("cache_gets_total", "cache=\"sessions\",result=\"hit\"")).isPositive();
	}

	@Test
	void seriesDoNotGrowWithThePeopleWhoSignIn() {
		for (int i = 0; i < 3; i++) {
			signIn("warm-up-" + i).get("/secret");
		}
		long series = seriesCount();
		assertThat(series).isGreaterThan(10);

		for (int i = 0; i < 20; i++) {
			HttpFlow person = signIn("person-" + i);
			person.get("/secret");
			person.get("/sessions");
		}

		assertThat(seriesCount()).isEqualTo(series);
		assertThat(scrape()).doesNotContain("person-");
	}

	private HttpFlow signIn(String subject) {
		HttpFlow browser = browser();
		browser.follow(browser.get(browser.callbackFrom("hostile", subject).toString()));
		assertThat(browser.get("/secret").statusCode()).as("signed in").isEqualTo(200);
		return browser;
	}

	// With the provider's session id, which back-channel logout names.
	private HttpFlow signIn(String subject, String sid) {
		provider.misbehave(Misbehaviour.claim("sid", sid));
		HttpFlow browser = signIn(subject);
		provider.behave();
		return browser;
	}

	private void failSignIn(Misbehaviour misbehaviour, String reason) {
		provider.misbehave(misbehaviour);
		HttpFlow browser = browser();
		HttpResponse<String> page = browser.get(browser.callbackFrom("hostile", "ada").toString());
		provider.behave();
		assertThat(HttpFlow.location(page)).hasPath("/login").hasQuery("error=" + reason);
	}

	// The cookie holds the session id in base64.
	private static String sessionId(HttpFlow browser) {
		return new String(Base64.getDecoder().decode(browser.cookie("SESSION").orElseThrow()),
				StandardCharsets.US_ASCII);
	}

	// The JVM's and the HTTP server's own series (threads, buffers, request timers by
	// status) may come and go with load; the app's meters and the caches may not.
	private long seriesCount() {
		return scrape().lines()
			.filter((line) -> line.startsWith("simplelogin_") || line.startsWith("cache_")
					|| line.startsWith("spring_security_"))
			.count();
	}

	private double sample(String name, String labels) {
		Matcher sample = Pattern.compile("(?m)^" + name + "\\{" + Pattern.quote(labels) + "[^}]*\\} (\\S+)$")
			.matcher(scrape());
		return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
	}

	// Every series of a meter whose labels start so, added up.
	private double sum(String name, String labels) {
		Matcher sample = Pattern.compile("(?m)^" + name + "\\{" + Pattern.quote(labels) + "[^}]*\\} (\\S+)$")
			.matcher(scrape());
		double sum = 0;
		while (sample.find()) {
			sum += Double.parseDouble(sample.group(1));
		}
		return sum;
	}

	// For what happens on the cleanup's schedule rather than in answer to a request.
	private double awaitSample(String name, String labels, double expected) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		double value = sample(name, labels);
		while (value < expected && System.nanoTime() < deadline) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			value = sample(name, labels);
		}
		return value;
	}

	private String scrape() {
		return new HttpFlow(managementUrl()).get("/actuator/prometheus", "Accept", "text/plain").body();
	}

	private HttpFlow browser() {
		return new HttpFlow("http://127.0.0.1:" + this.port);
	}

	private String managementUrl() {
		return "http://127.0.0.1:" + this.managementPort;
	}

}
