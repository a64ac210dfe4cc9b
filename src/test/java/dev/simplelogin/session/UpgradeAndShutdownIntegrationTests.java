package dev.simplelogin.session;

import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.HostileProvider.Misbehaviour;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.TestProviders;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploying a new version: it migrates the schema an older version left, and an instance
 * being stopped finishes the requests it is serving.
 */
@ExtendWith(PostgresAvailable.class)
class UpgradeAndShutdownIntegrationTests {

	private final String schema = Postgres.newName("sl_upgrade");

	@AfterEach
	void dropSchema() {
		Postgres.dropSchema(this.schema);
	}

	@Test
	void newVersionMigratesTheSchemaAnOlderVersionLeft() throws Exception {
		Flyway.configure()
			.dataSource("jdbc:postgresql://" + Postgres.host() + "/test", Postgres.USER, "")
			.schemas(this.schema)
			.locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
			.target("1")
			.load()
			.migrate();
		assertThat(appliedMigrations()).isOne();

		try (AppInstance app = AppInstance.start(Postgres.schemaProperties(this.schema), "postgres")) {
			assertThat(appliedMigrations()).isEqualTo(5);
			HttpFlow browser = app.browser();
			browser.signIn("/secret", TestProviders.demo().account("alice"));
			assertThat(browser.get("/secret").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void stoppingAnInstanceFinishesTheRequestsInFlight() throws Exception {
		try (HostileProvider provider = new HostileProvider()) {
			Map<String, String> properties = new HashMap<>(Postgres.schemaProperties(this.schema));
			properties.putAll(provider.clientProperties());
			properties.put("simplelogin.provider.read-timeout", "5s");
			AppInstance app = AppInstance.start(properties, "postgres");
			HttpFlow browser = app.browser();
			String callback = browser.callbackFrom("hostile", "leaving").toString();
			// The provider takes 2 s to answer, so the sign-in is still in flight when
			// the stop begins.
			provider.misbehave(Misbehaviour.tokenDelay(Duration.ofSeconds(2)));

			CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture
				.supplyAsync(() -> browser.get(callback));
			Instant deadline = Instant.now().plusSeconds(10);
			while (provider.tokenRequests() == 0 && Instant.now().isBefore(deadline)) {
				Thread.onSpinWait();
			}
			app.close();

			HttpResponse<String> answered = inFlight.get();
			assertThat(answered.statusCode()).isEqualTo(302);
			assertThat(answered.headers().firstValue("Location")).get().asString().doesNotContain("error");
		}
	}

	private int appliedMigrations() throws Exception {
		try (var connection = Postgres.connect("test");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + this.schema
						+ ".flyway_schema_history WHERE success AND type = 'SQL'")) {
			rows.next();
			return rows.getInt(1);
		}
	}

}
