package dev.simplelogin.security;

import dev.simplelogin.security.access.AccessConfiguration;
import dev.simplelogin.user.PictureOrigins;
import org.junit.jupiter.api.Test;

import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The picture hosts of the configured providers
 * ({@code simplelogin.providers.<id>.picture-hosts}), which the content security policy
 * allows and the user map keeps pictures from.
 */
class PictureHostsTests {

	private final ApplicationContextRunner app = new ApplicationContextRunner()
		.withUserConfiguration(OpenIdClientConfiguration.class, AccessConfiguration.class)
		.withBean(SessionProperties.class)
		.withPropertyValues("simplelogin.google.client-id=test-client.apps.googleusercontent.com",
				"simplelogin.google.client-secret=never-sent");

	@Test
	void googlePicturesComeFromGooglesImageHostUnlessConfigured() {
		this.app.run((context) -> assertThat(context.getBean(PictureOrigins.class).origins())
			.containsExactly("https://lh3.googleusercontent.com"));
	}

	@Test
	void eachConfiguredProviderAddsItsPictureHosts() {
		this.app
			.withPropertyValues("simplelogin.providers.google.picture-hosts=lh5.googleusercontent.com",
					"spring.security.oauth2.client.registration.corp.client-id=app",
					"spring.security.oauth2.client.provider.corp.issuer-uri=http://127.0.0.1:9/realms/main",
					"simplelogin.providers.corp.picture-hosts=https://sso.corp.example,https://cdn.corp.example:8443")
			.run((context) -> assertThat(context.getBean(PictureOrigins.class).origins()).containsExactly(
					"https://lh5.googleusercontent.com", "https://sso.corp.example", "https://cdn.corp.example:8443"));
	}

	@Test
	void providerWithoutPictureHostsAddsNone() {
		this.app
			.withPropertyValues("spring.security.oauth2.client.registration.corp.client-id=app",
					"spring.security.oauth2.client.provider.corp.issuer-uri=http://127.0.0.1:9/realms/main")
			.run((context) -> assertThat(context.getBean(PictureOrigins.class).origins())
				.containsExactly("https://lh3.googleusercontent.com"));
	}

	@Test
	void emptyPictureHostsMeanNoPictures() {
		this.app.withPropertyValues("simplelogin.providers.google.picture-hosts=")
			.run((context) -> assertThat(context.getBean(PictureOrigins.class).origins()).isEmpty());
	}

	@Test
	void pictureHostsOfAProviderThatIsNotConfiguredAreIgnored() {
		this.app.withPropertyValues("simplelogin.providers.absent.picture-hosts=https://nobody.example")
			.run((context) -> assertThat(context.getBean(PictureOrigins.class).origins())
				.containsExactly("https://lh3.googleusercontent.com"));
	}

	@Test
	void pictureHostThatIsNotAnOriginStopsTheStartAndSaysWhichProperty() {
		this.app.withPropertyValues("simplelogin.providers.google.picture-hosts=https://*.googleusercontent.com")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("simplelogin.providers.google.picture-hosts: "
						+ "'https://*.googleusercontent.com' is not an origin"));
	}

}
