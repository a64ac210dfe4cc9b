package dev.simplelogin.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many users at once never get each other's session, and a sign-out wins over the
 * requests racing it.
 */
@AppWithDemoProviderTest
class ConcurrencyIntegrationTests {

	private static final HostileProvider provider = new HostileProvider();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void registerProvider(DynamicPropertyRegistry registry) {
		provider.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@Test
	void twoHundredUsersSigningInAtOnceEachSeeOnlyThemselves() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(50);
		List<String> errors = new ArrayList<>();
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String user = "user-" + i;
				results.add(pool.submit(() -> {
					HttpFlow flow = new HttpFlow("http://127.0.0.1:" + this.port);
					HttpResponse<String> landing = signIn(flow, user);
					String secret = flow.get("/secret").body();
					boolean own = landing.statusCode() == 200 && secret.contains("<dd>User " + user + "</dd>")
							&& secret.split("<dd>User user-", -1).length == 2;
					return own ? null : user + ": " + landing.statusCode() + " " + landing.uri();
				}));
			}
			for (Future<String> result : results) {
				String error = result.get();
				if (error != null) {
					errors.add(error);
				}
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(errors).isEmpty();
		Map<String, Object> rows = this.jdbc.queryForMap("SELECT COUNT(*) AS SESSIONS, "
				+ "COUNT(DISTINCT PRINCIPAL_NAME) AS PRINCIPALS FROM SPRING_SESSION WHERE PRINCIPAL_NAME LIKE '% user-%'");
		assertThat(((Number) rows.get("SESSIONS")).intValue()).isEqualTo(200);
		assertThat(((Number) rows.get("PRINCIPALS")).intValue()).isEqualTo(200);
	}

	private static HttpResponse<String> signIn(HttpFlow flow, String user) throws Exception {
		return flow.follow(flow.get(flow.callbackFrom("hostile", user).toString()));
	}

	@Test
	void noRequestSentAfterSignOutIsServedAsSignedIn() throws Exception {
		HttpFlow browser = new HttpFlow("http://127.0.0.1:" + this.port);
		browser.follow(browser.get(browser.callbackFrom("hostile", "hammer").toString()));
		String cookie = browser.cookie("SESSION").orElseThrow();
		String csrf = HttpFlow.csrfToken(browser.get("/logout").body());
		RawHttp raw = new RawHttp(this.port);
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger before = new AtomicInteger();
		List<long[]> served = Collections.synchronizedList(new ArrayList<>());

		ExecutorService pool = Executors.newFixedThreadPool(32);
		long signedOutAt;
		try {
			List<Future<?>> hammers = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				hammers.add(pool.submit(() -> {
					while (!stop.get()) {
						long sent = System.nanoTime();
						int status = raw.get("/secret", "Cookie: SESSION=" + cookie, "Accept: text/html").status();
						served.add(new long[] { sent, status });
						before.incrementAndGet();
					}
				}));
			}
			while (before.get() < 200) {
				Thread.onSpinWait();
			}
			HttpResponse<String> signOut = browser.post("/logout", Map.of("_csrf", csrf));
			signedOutAt = System.nanoTime();
			assertThat(signOut.statusCode()).isEqualTo(302);
			// Each hammer may count one request that it sent before the sign-out.
			int target = before.get() + 300 + 32;
			while (before.get() < target) {
				Thread.onSpinWait();
			}
			stop.set(true);
			for (Future<?> hammer : hammers) {
				hammer.get();
			}
		}
		finally {
			stop.set(true);
			pool.shutdownNow();
		}

		List<long[]> snapshot = new ArrayList<>(served);
		assertThat(snapshot).allSatisfy((request) -> assertThat(request[1]).isIn(200L, 302L));
		assertThat(snapshot.stream().filter((request) -> request[0] < signedOutAt && request[1] == 200)).isNotEmpty();
		assertThat(snapshot.stream().filter((request) -> request[0] > signedOutAt)).hasSizeGreaterThanOrEqualTo(300)
			.allSatisfy((request) -> assertThat(request[1]).isEqualTo(302L));
	}

}
