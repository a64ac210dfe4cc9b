package dev.simplelogin.security;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

/**
 * How properties become registrations. Discovery answers come from a mock server here;
 * the integration tests discover a real provider over HTTP.
 */
class OpenIdRegistrationsTests {

	private static final String ISSUER = "https://idp.example";

	private final OAuth2ClientProperties properties = new OAuth2ClientProperties();

	private final RestClient.Builder discovery = RestClient.builder();

	private final MockRestServiceServer idp = MockRestServiceServer.bindTo(this.discovery).build();

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
	void googleConfiguredTwiceRefusesToStart() {
		registration("google");

		assertThatIllegalStateException().isThrownBy(() -> build(new GoogleProperties("id", "secret")))
			.withMessageContaining("Google is configured twice");
	}

	@Test
	void noProviderAtAllRefusesToStart() {
		assertThatExceptionOfType(NoSignInProviderException.class).isThrownBy(() -> build(noGoogle()));
	}

	@Test
	void providerIsDiscoveredFromItsIssuer() {
		discoverable("corp");

		ClientRegistration corp = build(noGoogle()).get(0);

		assertThat(corp.getProviderDetails().getIssuerUri()).isEqualTo(ISSUER);
		assertThat(corp.getProviderDetails().getTokenUri()).isEqualTo(ISSUER + "/token");
		assertThat(corp.getProviderDetails().getJwkSetUri()).isEqualTo(ISSUER + "/jwks");
		this.idp.verify();
	}

	@Test
	void discoveredEndpointCanBeOverridden() {
		discoverable("corp");
		this.properties.getProvider().get("corp").setTokenUri("https://gateway.example/token");

		assertThat(build(noGoogle()).get(0).getProviderDetails().getTokenUri())
			.isEqualTo("https://gateway.example/token");
	}

	@Test
	void discoveredRegistrationKeepsTheWholeDiscoveryDocument() {
		discoverable("corp");

		assertThat(build(noGoogle()).get(0).getProviderDetails().getConfigurationMetadata())
			.containsEntry("issuer", ISSUER)
			.containsEntry("userinfo_endpoint", ISSUER + "/userinfo");
	}

	@Test
	void providerThatAcceptsOnlyPostedSecretsGetsThem() {
		discoverableAcceptingOnlyPostedSecrets("corp");

		assertThat(build(noGoogle()).get(0).getClientAuthenticationMethod())
			.isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
	}

	@Test
	void configuredClientAuthenticationMethodWinsOverDiscovery() {
		discoverableAcceptingOnlyPostedSecrets("corp");
		this.properties.getRegistration().get("corp").setClientAuthenticationMethod("client_secret_basic");

		assertThat(build(noGoogle()).get(0).getClientAuthenticationMethod())
			.isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
	}

	@Test
	void registrationWithoutScopesAsksForOpenIdProfileAndEmail() {
		discoverable("corp");

		assertThat(build(noGoogle()).get(0).getScopes()).containsExactly("openid", "profile", "email");
	}

	@Test
	void registrationWithScopesButNoOpenIdGetsOpenIdAdded() {
		discoverable("corp");
		this.properties.getRegistration().get("corp").setScope(Set.of("profile"));

		assertThat(build(noGoogle()).get(0).getScopes()).containsExactlyInAnyOrder("openid", "profile");
	}

	@Test
	void baseUrlFixesTheRedirectUriOfEveryProvider() {
		discoverable("corp");

		List<ClientRegistration> registrations = build(new GoogleProperties("id", "secret"),
				new SiteProperties(URI.create("https://login.example.com/")));

		assertThat(registrations).extracting(ClientRegistration::getRedirectUri)
			.containsOnly("https://login.example.com/login/oauth2/code/{registrationId}");
	}

	@Test
	void withoutABaseUrlTheRedirectUriFollowsTheRequest() {
		assertThat(build(new GoogleProperties("id", "secret")).get(0).getRedirectUri())
			.isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
	}

	@Test
	void baseUrlMustBeAnAbsoluteWebAddress() {
		for (String wrong : List.of("login.example.com", "/path", "ftp://login.example.com",
				"https://x.example/?a=b")) {
			assertThatIllegalStateException().as(wrong).isThrownBy(() -> new SiteProperties(URI.create(wrong)));
		}
	}

	@Test
	void discoveryWaitsUntilTheRegistrationIsAskedFor() {
		registration("corp");
		provider("corp").setIssuerUri(ISSUER);

		List<ConfiguredProvider> providers = new OpenIdRegistrations(this.properties, noGoogle(),
				new SiteProperties(null), this.discovery.build())
			.build();

		assertThat(providers).singleElement().satisfies((corp) -> {
			assertThat(corp.id()).isEqualTo("corp");
			assertThat(corp.name()).isEqualTo("corp");
		});
		this.idp.verify();
	}

	@Test
	void discoveryNamingAnotherIssuerIsRefused() {
		registration("corp");
		provider("corp").setIssuerUri(ISSUER);
		this.idp.expect(requestTo(ISSUER + "/.well-known/openid-configuration"))
			.andRespond(withSuccess(configuration("https://evil.example"), MediaType.APPLICATION_JSON));

		assertThatIllegalStateException().isThrownBy(() -> build(noGoogle()))
			.withMessageContaining("does not name the issuer");
	}

	@Test
	void issuerThatIsNoWebAddressStopsTheStartWithoutAskingAnyone() {
		registration("corp");
		provider("corp").setIssuerUri("127.0.0.1:1/realm");

		assertThatIllegalStateException()
			.isThrownBy(() -> new OpenIdRegistrations(this.properties, noGoogle(), new SiteProperties(null),
					this.discovery.build())
				.build())
			.withMessageContaining("not an http(s) address");
	}

	@Test
	void providerWithoutIssuerIsRefused() {
		registration("corp");
		OAuth2ClientProperties.Provider corp = provider("corp");
		corp.setAuthorizationUri(ISSUER + "/authorize");
		corp.setTokenUri(ISSUER + "/token");
		corp.setJwkSetUri(ISSUER + "/jwks");

		assertThatIllegalStateException().isThrownBy(() -> build(noGoogle())).withMessageContaining("issuer-uri");
	}

	@Test
	void plainOAuth2ProviderIsRefused() {
		registration("github");

		assertThatIllegalStateException().isThrownBy(() -> build(noGoogle()))
			.withMessageContaining("not an OpenID Connect provider");
	}

	private void discoverable(String id) {
		registration(id);
		provider(id).setIssuerUri(ISSUER);
		this.idp.expect(requestTo(ISSUER + "/.well-known/openid-configuration"))
			.andRespond(withSuccess(configuration(ISSUER), MediaType.APPLICATION_JSON));
	}

	private void discoverableAcceptingOnlyPostedSecrets(String id) {
		registration(id);
		provider(id).setIssuerUri(ISSUER);
		this.idp.expect(requestTo(ISSUER + "/.well-known/openid-configuration"))
			.andRespond(withSuccess(
					configuration(ISSUER).replace("}",
							", \"token_endpoint_auth_methods_supported\": [\"client_secret_post\"]}"),
					MediaType.APPLICATION_JSON));
	}

	private void registration(String id) {
		OAuth2ClientProperties.Registration registration = new OAuth2ClientProperties.Registration();
		registration.setClientId("app");
		registration.setClientSecret("secret");
		this.properties.getRegistration().put(id, registration);
	}

	private OAuth2ClientProperties.Provider provider(String id) {
		return this.properties.getProvider().computeIfAbsent(id, (key) -> new OAuth2ClientProperties.Provider());
	}

	private static String configuration(String issuer) {
		return """
				{"issuer": "%s", "authorization_endpoint": "%s/authorize", "token_endpoint": "%s/token",
				 "jwks_uri": "%s/jwks", "userinfo_endpoint": "%s/userinfo", "response_types_supported": ["code"],
				 "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]}
				""".formatted(issuer, ISSUER, ISSUER, ISSUER, ISSUER);
	}

	// Configuration is checked at once; discovery happens when a registration is asked
	// for.
	private List<ClientRegistration> build(GoogleProperties google) {
		return build(google, new SiteProperties(null));
	}

	private List<ClientRegistration> build(GoogleProperties google, SiteProperties site) {
		return new OpenIdRegistrations(this.properties, google, site, this.discovery.build()).build()
			.stream()
			.map((provider) -> provider.registration().get())
			.toList();
	}

	private static GoogleProperties noGoogle() {
		return new GoogleProperties(null, null);
	}

}
