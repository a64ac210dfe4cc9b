package dev.simplelogin.security;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import dev.simplelogin.SimpleLoginApplication;
import dev.simplelogin.testsupport.SilentServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What the app says at start: when it cannot start because of its providers, and that its
 * libraries agree.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupIntegrationTests {

	@Test
	void startWithoutAnyProviderExplainsWhatToSetInsteadOfStackTrace(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start());

		assertThat(output).contains("APPLICATION FAILED TO START", "No OpenID provider has credentials",
				"GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "./mvnw spring-boot:test-run");
		assertThat(output).doesNotContain("\tat dev.simplelogin", "NoSignInProviderException");
	}

	@Test
	void silentIssuerDelaysTheStartNoLongerThanTheConfiguredTimeout(CapturedOutput output) throws IOException {
		try (SilentServer silent = new SilentServer()) {
			long started = System.nanoTime();

			start("--simplelogin.provider.read-timeout=1s",
					"--spring.security.oauth2.client.registration.slow.client-id=app",
					"--spring.security.oauth2.client.provider.slow.issuer-uri=" + silent.url());

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			assertThat(output).contains("Sign-in with 'slow' is unavailable", "SocketTimeoutException");
		}
	}

	@Test
	void flywayStartsWithoutWarningThatItWasNotVerifiedWithThisH2(CapturedOutput output) {
		new SpringApplicationBuilder(SimpleLoginApplication.class)
			.run("--server.port=0", "--spring.main.banner-mode=off", "--simplelogin.google.client-id=startup-test",
					"--simplelogin.google.client-secret=never-sent",
					"--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.close();

		assertThat(output).contains("(H2 2.4)").containsPattern("Successfully applied \\d+ migrations");
		assertThat(output).doesNotContain("verified with", "Flyway upgrade recommended");
	}

	private static void start(String... args) {
		String[] common = { "--server.port=0", "--spring.main.banner-mode=off", "--simplelogin.google.client-id=",
				"--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() };
		String[] all = new String[common.length + args.length];
		System.arraycopy(common, 0, all, 0, common.length);
		System.arraycopy(args, 0, all, common.length, args.length);
		new SpringApplicationBuilder(SimpleLoginApplication.class).run(all).close();
	}

}
