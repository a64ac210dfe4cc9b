package dev.simplelogin.account;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.AppInstances;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.Refusal;
import dev.simplelogin.testsupport.TestProviders;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.simplelogin.account.SessionsPageIntegrationTests.end;
import static dev.simplelogin.account.SessionsPageIntegrationTests.handleOf;
import static dev.simplelogin.account.SessionsPageIntegrationTests.post;
import static dev.simplelogin.account.SessionsPageIntegrationTests.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sessions page with two instances on one PostgreSQL, each with its session cache:
 * the page lists the sessions of both, and a session ended from the page on one instance
 * is refused by the other within the cache's bound.
 */
@ExtendWith(PostgresAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSessionsPageIntegrationTests {

	/**
	 * The README's promise: a session ended anywhere is refused everywhere within this.
	 */
	private static final Duration BOUND = Duration.ofMillis(100);

	private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

	private final AppInstances instances = new AppInstances();

	private AppInstance a;

	private AppInstance b;

	@BeforeAll
	void startTwoInstances() {
		Map<String, String> noCleanup = Map.of("simplelogin.session.cleanup-cron", "-");
		this.a = this.instances.start(noCleanup, "postgres");
		this.b = this.instances.start(noCleanup, "postgres");
	}

	@AfterEach
	void deleteSessions() {
		this.instances.forgetSessions();
	}

	@AfterAll
	void stopThem() {
		this.instances.close();
	}

	@Test
	void eachInstanceListsTheSessionsSignedInOnEither() {
		HttpFlow onA = signedIn(this.a, "alice", FIREFOX);
		HttpFlow onB = signedIn(this.b, "alice", "curl/8.5.0");
		signedIn(this.b, "bob", FIREFOX);

		assertThat(rows(onA.get("/sessions").body())).containsExactly("Firefox on Linux this browser", "curl");
		assertThat(rows(onB.get("/sessions").body())).containsExactly("curl this browser", "Firefox on Linux");
		assertThat(onA.get("/").body()).contains(">Signed in on 2 devices<");
	}

	@Test
	void sessionEndedFromThePageOnOneInstanceIsRefusedByTheOtherWithinTheBound() {
		List<Duration> delays = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			HttpFlow onA = signedIn(this.a, "alice", FIREFOX);
			HttpFlow onB = servedFromCache(this.b, signedIn(this.b, "alice", "curl/8.5.0"));

			assertThat(end(onA, handleOf(onB)).body()).contains("That session is signed out.");

			delays.add(Refusal.of(onB));
			assertThat(onA.get("/secret").statusCode()).isEqualTo(200);
		}

		System.out.println("Ended on A from the sessions page, refused by B after " + delays);
		assertThat(delays).allSatisfy((delay) -> assertThat(delay).isLessThan(BOUND));
	}

	@Test
	void signOutEverywhereOnOneInstanceIsRefusedByTheOtherWithinTheBound() {
		HttpFlow onA = signedIn(this.a, "alice", FIREFOX);
		HttpFlow first = servedFromCache(this.b, signedIn(this.b, "alice", "curl/8.5.0"));
		HttpFlow second = servedFromCache(this.b, signedIn(this.b, "alice", "curl/8.5.0"));
		HttpFlow bob = servedFromCache(this.b, signedIn(this.b, "bob", "curl/8.5.0"));

		HttpResponse<String> answer = post(onA, "/sessions/end-all", Map.of());

		assertThat(answer.body()).contains("You have been signed out.");
		assertThat(Refusal.of(first)).isLessThan(BOUND);
		assertThat(Refusal.of(second)).isLessThan(BOUND);
		assertThat(Refusal.of(onA)).isLessThan(BOUND);
		assertThat(bob.get("/secret").statusCode()).isEqualTo(200);
	}

	private static HttpFlow signedIn(AppInstance instance, String username, String userAgent) {
		HttpFlow browser = new HttpFlow(instance.baseUrl(), userAgent);
		browser.signIn("/secret", TestProviders.demo().account(username));
		return browser;
	}

	// Asks until an answer comes from the instance's cache (no connection taken), so that
	// the refusal measured below is the cache's invalidation, not a read of the store.
	private static HttpFlow servedFromCache(AppInstance instance, HttpFlow browser) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			long taken = connectionsTaken(instance);
			assertThat(browser.get("/secret").statusCode()).isEqualTo(200);
			if (connectionsTaken(instance) == taken) {
				return browser;
			}
		}
		throw new AssertionError("the session was not served from the cache within 5 s");
	}

	private static long connectionsTaken(AppInstance instance) {
		return instance.bean(MeterRegistry.class).get("hikaricp.connections.acquire").timer().count();
	}

}
