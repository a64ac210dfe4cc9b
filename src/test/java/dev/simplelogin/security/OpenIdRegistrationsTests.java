package dev.simplelogin.security;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OpenIdRegistrationsTests {

	private final OAuth2ClientProperties properties = new OAuth2ClientProperties();

	@Test
	void googleIsRegisteredFromEnvironmentCredentialsWithOpenIdScopes() {
		List<ClientRegistration> registrations = build(new GoogleProperties("id.apps.googleusercontent.com", "s3cret"));

		assertThat(registrations).singleElement().satisfies((google) -> {
			assertThat(google.getRegistrationId()).isEqualTo("google");
			assertThat(google.getClientId()).isEqualTo("id.apps.googleusercontent.com");
			assertThat(google.getScopes()).containsExactlyInAnyOrder("openid", "profile", "email");
			assertThat(google.getProviderDetails().getIssuerUri()).isEqualTo("https://accounts.google.com");
			assertThat(google.getProviderDetails().getJwkSetUri()).startsWith("https://www.googleapis.com/");
		});
	}

	@Test
	void googleWithoutSecretIsNotOffered() {
		assertThatExceptionOfType(NoSignInProviderException.class)
			.isThrownBy(() -> build(new GoogleProperties("id", "")));
	}

	@Test
	void noProviderAtAllRefusesToStart() {
		assertThatExceptionOfType(NoSignInProviderException.class).isThrownBy(() -> build(noGoogle()));
	}

	@Test
	void registrationWithoutScopesAsksForOpenIdProfileAndEmail() {
		manualProvider("corp");

		assertThat(build(noGoogle()).get(0).getScopes()).containsExactly("openid", "profile", "email");
	}

	@Test
	void registrationWithScopesButNoOpenIdGetsOpenIdAdded() {
		manualProvider("corp");
		this.properties.getRegistration().get("corp").setScope(Set.of("profile"));

		assertThat(build(noGoogle()).get(0).getScopes()).containsExactlyInAnyOrder("openid", "profile");
	}

	@Test
	void registrationWithoutSigningKeysIsRefused() {
		manualProvider("corp");
		this.properties.getProvider().get("corp").setJwkSetUri(null);

		assertThatIllegalStateException().isThrownBy(() -> build(noGoogle())).withMessageContaining("jwk-set-uri");
	}

	private void manualProvider(String id) {
		OAuth2ClientProperties.Registration registration = new OAuth2ClientProperties.Registration();
		registration.setClientId("app");
		registration.setClientSecret("secret");
		this.properties.getRegistration().put(id, registration);
		OAuth2ClientProperties.Provider provider = new OAuth2ClientProperties.Provider();
		provider.setAuthorizationUri("https://idp.example/authorize");
		provider.setTokenUri("https://idp.example/token");
		provider.setJwkSetUri("https://idp.example/jwks");
		this.properties.getProvider().put(id, provider);
	}

	private List<ClientRegistration> build(GoogleProperties google) {
		return new OpenIdRegistrations(this.properties, google, RestClient.create()).build();
	}

	private static GoogleProperties noGoogle() {
		return new GoogleProperties(null, null);
	}

}
