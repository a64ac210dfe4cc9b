package dev.simplelogin.session;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ways a session ends that are not the sessions page or the provider's logout token,
 * on two instances sharing one PostgreSQL: the absolute lifetime (here 4 s) is kept by
 * every instance, and a sign-out that goes on to the provider has ended the session on
 * every instance by the time the browser gets there.
 */
@ExtendWith(PostgresAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSessionEndIntegrationTests {

	private static final Duration BOUND = Duration.ofMillis(100);

	private final String schema = Postgres.newName("sl_session_end");

	private AppInstance a;

	private AppInstance b;

	@BeforeAll
	void startTwoInstances() {
		Map<String, String> database = new HashMap<>(Postgres.schemaProperties(this.schema));
		database.put("simplelogin.session.cleanup-cron", "-");
		database.put("simplelogin.session.max-age", "4s");
		this.a = AppInstance.start(database, "postgres");
		this.b = AppInstance.start(database, "postgres");
	}

	@AfterEach
	void deleteSessions() {
		Postgres.execute("test", "DELETE FROM " + this.schema + ".spring_session");
	}

	@AfterAll
	void stopThem() {
		this.b.close();
		this.a.close();
		Postgres.dropSchema(this.schema);
	}

	@Test
	void sessionSignedInOnOneInstanceEndsAtItsMaxAgeOnTheOther() {
		HttpFlow onA = this.a.browser();
		onA.signIn("/secret", TestProviders.demo().account("alice"));
		Instant signedIn = Instant.now();
		HttpFlow onB = new HttpFlow(this.b.baseUrl());
		onB.setCookie("SESSION", onA.cookie("SESSION").orElseThrow());

		HttpResponse<String> page = onB.get("/secret");
		while (page.statusCode() == 200 && Instant.now().isBefore(signedIn.plusSeconds(15))) {
			page = onB.get("/secret");
		}

		assertThat(Duration.between(signedIn, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		assertThat(HttpFlow.location(page)).hasPath("/login").hasQuery("error=ended");
		assertThat(onA.get("/secret").statusCode()).isEqualTo(302);
	}

	@Test
	void signOutThatGoesOnToTheProviderIsRefusedByTheOtherInstanceWithinTheBound() {
		HttpFlow onA = this.a.browser();
		onA.signIn("/secret", TestProviders.demo().account("alice"));
		HttpFlow onB = new HttpFlow(this.b.baseUrl());
		onB.setCookie("SESSION", onA.cookie("SESSION").orElseThrow());
		assertThat(onB.get("/secret").statusCode()).isEqualTo(200);

		String csrf = HttpFlow.csrfToken(onA.get("/logout").body());
		HttpResponse<String> signedOut = onA.post("/logout", Map.of("_csrf", csrf));
		long sent = System.nanoTime();

		URI provider = HttpFlow.location(signedOut);
		assertThat(provider.toString()).startsWith(TestProviders.demo().issuer())
			.contains("id_token_hint=", "post_logout_redirect_uri=");
		HttpResponse<String> onOther = onB.get("/secret");
		while (onOther.statusCode() == 200 && System.nanoTime() - sent < Duration.ofSeconds(5).toNanos()) {
			onOther = onB.get("/secret");
		}
		assertThat(onOther.statusCode()).isEqualTo(302);
		assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(BOUND);
	}

}
