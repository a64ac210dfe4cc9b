package dev.simplelogin.session;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
		Map<String, String> database = Map.of("spring.datasource.url",
				"jdbc:h2:file:" + this.data.resolve("simple-login"));
		String sessionCookie;
		try (AppInstance first = AppInstance.start(database)) {
			HttpFlow browser = first.browser();
			browser.signIn("/secret", this.provider.account("bob"));
			sessionCookie = browser.cookie("SESSION").orElseThrow();
		}

		try (AppInstance second = AppInstance.start(database)) {
			HttpFlow browser = second.browser();
			browser.setCookie("SESSION", sessionCookie);

			HttpResponse<String> page = browser.get("/secret");

			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("Bob Example", "bob@example.com");
		}
	}

}
