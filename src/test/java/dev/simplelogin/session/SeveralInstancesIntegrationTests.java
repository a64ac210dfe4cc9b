package dev.simplelogin.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances of the app behind a load balancer share one PostgreSQL: a session
 * started on one is served by every other, a restart signs nobody out, and a sign-out on
 * one is refused by the others at once.
 */
@ExtendWith(PostgresAvailable.class)
class SeveralInstancesIntegrationTests {

	private final String schema = Postgres.newName("sl_instances");

	private final Map<String, String> database = Postgres.schemaProperties(this.schema);

	@AfterEach
	void dropSchema() {
		Postgres.dropSchema(this.schema);
	}

	@Test
	void instancesShareSessionsAcrossSignInRestartAndSignOut() throws Exception {
		// Both start at once against an empty schema: Flyway migrates it exactly once.
		CompletableFuture<AppInstance> startingA = CompletableFuture.supplyAsync(() -> start());
		CompletableFuture<AppInstance> startingB = CompletableFuture.supplyAsync(() -> start());
		try (AppInstance b = startingB.get()) {
			HttpFlow onB = b.browser();
			String cookie;
			try (AppInstance a = startingA.get()) {
				HttpFlow onA = a.browser();
				onA.signIn("/secret", TestProviders.demo().account("alice"));
				cookie = onA.cookie("SESSION").orElseThrow();

				onB.setCookie("SESSION", cookie);
				HttpResponse<String> secretOnB = onB.get("/secret");
				assertThat(secretOnB.statusCode()).isEqualTo(200);
				assertThat(secretOnB.body()).contains("Alice Example");
			}

			// A rolling restart: A is gone, a new A serves the same session.
			try (AppInstance restarted = start()) {
				HttpFlow onRestarted = restarted.browser();
				onRestarted.setCookie("SESSION", cookie);
				assertThat(onRestarted.get("/secret").statusCode()).isEqualTo(200);

				String csrf = HttpFlow.csrfToken(onRestarted.get("/logout").body());
				assertThat(onRestarted.post("/logout", Map.of("_csrf", csrf)).statusCode()).isEqualTo(302);
			}

			// B hears of the sign-out within the cache's bound (measured in
			// SharedSessionCacheIntegrationTests), not necessarily before its next
			// request.
			HttpResponse<String> afterSignOut = onB.get("/secret");
			long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (afterSignOut.statusCode() == 200 && System.nanoTime() < deadline) {
				afterSignOut = onB.get("/secret");
			}
			assertThat(afterSignOut.statusCode()).isEqualTo(302);
			assertThat(HttpFlow.location(afterSignOut).getPath()).isEqualTo("/login");
		}
		try (var connection = Postgres.connect("test");
				var statement = connection.createStatement();
				var migrations = statement.executeQuery("SELECT COUNT(*) FROM " + this.schema
						+ ".flyway_schema_history WHERE success AND version = '1'")) {
			migrations.next();
			assertThat(migrations.getInt(1)).isOne();
		}
	}

	private AppInstance start() {
		return AppInstance.start(this.database, "postgres");
	}

}
