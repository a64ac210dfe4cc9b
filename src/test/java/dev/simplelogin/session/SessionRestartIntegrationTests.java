package dev.simplelogin.session;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.simplelogin.SimpleLoginApplication;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions live in the H2 file, not in the process: a restart signs nobody out, and the
 * new process rebuilds its user map from the session.
 */
class SessionRestartIntegrationTests {

	private final DemoOpenIdProvider provider = TestProviders.demo();

	@TempDir
	private Path data;

	@Test
	void signedInUserStaysSignedInAcrossRestartOnSameH2File() {
		String database = "jdbc:h2:file:" + this.data.resolve("simple-login");
		String sessionCookie;
		try (ConfigurableApplicationContext first = start(database)) {
			HttpFlow browser = new HttpFlow(baseUrl(first));
			browser.signIn("/secret", this.provider.account("bob"));
			sessionCookie = browser.cookie("SESSION").orElseThrow();
		}

		try (ConfigurableApplicationContext second = start(database)) {
			HttpFlow browser = new HttpFlow(baseUrl(second));
			browser.setCookie("SESSION", sessionCookie);

			HttpResponse<String> page = browser.get("/secret");

			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("Bob Example", "bob@example.com");
		}
	}

	private ConfigurableApplicationContext start(String database) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=" + database));
		this.provider.clientProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(SimpleLoginApplication.class).run(args.toArray(String[]::new));
	}

	private static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

}
