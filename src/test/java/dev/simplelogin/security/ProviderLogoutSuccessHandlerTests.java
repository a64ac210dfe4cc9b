package dev.simplelogin.security;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderLogoutSuccessHandlerTests {

	private static final String END_SESSION = "https://sso.example.com/logout";

	@Test
	void returnAddressFollowsTheConfiguredBaseUrlNotTheRequestsHost() throws Exception {
		ProviderLogoutSuccessHandler handler = handler(Map.of(),
				new SiteProperties(URI.create("https://login.example.com/")));
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/logout");
		request.setServerName("evil.example");
		MockHttpServletResponse response = new MockHttpServletResponse();

		handler.onLogoutSuccess(request, response, signedIn("corp"));

		assertThat(response.getRedirectedUrl()).startsWith(END_SESSION + "?id_token_hint=header.claims.signature")
			.contains("post_logout_redirect_uri=https://login.example.com/?logout")
			.endsWith("&client_id=corp-client");
	}

	@Test
	void optedOutRegistrationGoesToTheSignedOutPage() throws Exception {
		ProviderLogoutSuccessHandler handler = handler(Map.of("corp", new ProviderSettings.Provider(null, false)),
				new SiteProperties(null));
		MockHttpServletResponse response = new MockHttpServletResponse();

		handler.onLogoutSuccess(new MockHttpServletRequest("POST", "/logout"), response, signedIn("corp"));

		assertThat(response.getRedirectedUrl()).isEqualTo("/?logout");
	}

	@Test
	void endSessionEndpointThatIsNoWebAddressIsNeverAnOrigin() {
		ClientRegistration registration = ClientRegistration.withClientRegistration(registration())
			.providerConfigurationMetadata(Map.of("end_session_endpoint", "javascript:alert(1)"))
			.build();

		assertThat(ProviderLogoutSuccessHandler.endSessionOrigin(registration, settings(Map.of()))).isNull();
		assertThat(ProviderLogoutSuccessHandler.endSessionOrigin(registration(), settings(Map.of())))
			.isEqualTo("https://sso.example.com");
	}

	private static ProviderLogoutSuccessHandler handler(Map<String, ProviderSettings.Provider> settings,
			SiteProperties site) {
		return new ProviderLogoutSuccessHandler(new InMemoryClientRegistrationRepository(registration()),
				settings(settings), site);
	}

	private static ProviderSettings settings(Map<String, ProviderSettings.Provider> providers) {
		return new ProviderSettings(providers);
	}

	private static ClientRegistration registration() {
		return ClientRegistration.withRegistrationId("corp")
			.clientId("corp-client")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.authorizationUri("https://sso.example.com/authorize")
			.tokenUri("https://sso.example.com/token")
			.jwkSetUri("https://sso.example.com/keys")
			.issuerUri("https://sso.example.com")
			.providerConfigurationMetadata(Map.of("end_session_endpoint", END_SESSION))
			.build();
	}

	private static OAuth2AuthenticationToken signedIn(String registrationId) {
		OidcIdToken idToken = new OidcIdToken("header.claims.signature", Instant.now(), Instant.now().plusSeconds(60),
				Map.of("sub", "alice", "iss", "https://sso.example.com", "aud", List.of("corp-client")));
		return new OAuth2AuthenticationToken(new DefaultOidcUser(AuthorityUtils.NO_AUTHORITIES, idToken),
				AuthorityUtils.NO_AUTHORITIES, registrationId);
	}

}
