package dev.simplelogin.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.simplelogin.security.access.AccessPolicy;
import dev.simplelogin.security.logout.LogoutTokenDecoders;
import dev.simplelogin.user.PictureOrigins;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserSource;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * The OpenID Connect client: which providers there are, and how the app talks to them.
 * Every call to a provider goes through one HTTP client with the configured timeouts, so
 * a slow or unreachable provider ends in the sign-in error page rather than a hung
 * request, and each call is timed ({@link ProviderCallTimer}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ OAuth2ClientProperties.class, ProviderProperties.class, GoogleProperties.class,
		SiteProperties.class, ProviderSettings.class })
class OpenIdClientConfiguration {

	// Google serves the pictures of its accounts from this host.
	private static final String GOOGLE_PICTURES = "https://lh3.googleusercontent.com";

	private final ClientHttpRequestFactory providerHttp;

	private final MeterRegistry meters;

	// Web slice tests have no meter registry: the global one records nothing there.
	OpenIdClientConfiguration(ProviderProperties provider, ObjectProvider<MeterRegistry> meters) {
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(provider.connectTimeout());
		requestFactory.setReadTimeout(provider.readTimeout());
		this.providerHttp = requestFactory;
		this.meters = meters.getIfAvailable(() -> Metrics.globalRegistry);
	}

	@Bean
	ProviderRegistrations clientRegistrationRepository(OAuth2ClientProperties properties, GoogleProperties google,
			SiteProperties site) {
		RestClient discovery = RestClient.builder()
			.requestFactory(this.providerHttp)
			.requestInterceptor(new ProviderCallTimer(this.meters, "discovery"))
			.build();
		ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "provider-discovery");
			thread.setDaemon(true);
			return thread;
		});
		return new ProviderRegistrations(new OpenIdRegistrations(properties, google, site, discovery).build(), retries,
				Clock.systemUTC());
	}

	/**
	 * Where the pages may load profile pictures from: the picture hosts of the configured
	 * providers. The content security policy allows these, and the user map keeps only
	 * pictures from these.
	 * @param registrations the configured providers
	 * @param properties each provider's picture hosts
	 * @return the origins
	 */
	@Bean
	PictureOrigins pictureOrigins(ProviderRegistrations registrations, ProviderSettings properties) {
		List<String> origins = new ArrayList<>();
		for (ProviderRegistrations.State provider : registrations.states()) {
			ProviderSettings.Provider configured = properties.providers().get(provider.id());
			List<String> hosts = (configured != null) ? configured.pictureHosts() : null;
			if (hosts == null) {
				hosts = "google".equals(provider.id()) ? List.of(GOOGLE_PICTURES) : List.of();
			}
			try {
				origins.addAll(PictureOrigins.of(hosts).origins());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						"simplelogin.providers.%s.picture-hosts: %s".formatted(provider.id(), ex.getMessage()), ex);
			}
		}
		return new PictureOrigins(origins);
	}

	@Bean
	ProvidersHealthIndicator providersHealthIndicator(ProviderRegistrations registrations) {
		return new ProvidersHealthIndicator(registrations);
	}

	@Bean
	JwtDecoderFactory<ClientRegistration> idTokenDecoderFactory() {
		return new CachingIdTokenDecoderFactory(providerClient("jwks"));
	}

	// Logout tokens are checked against the same signing keys, fetched with the same
	// timeouts.
	@Bean
	LogoutTokenDecoders logoutTokenDecoders() {
		return new LogoutTokenDecoders(providerClient("jwks"));
	}

	@Bean
	OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> accessTokenResponseClient() {
		RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
		client.setRestClient(RestClient.builder()
			.requestFactory(this.providerHttp)
			.requestInterceptor(new ProviderCallTimer(this.meters, "token"))
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build());
		return client;
	}

	// The access rules are checked where the principal is made, after every check of the
	// provider's answer and before the session or the user map sees the person.
	@Bean
	OidcUserService oidcUserService(AccessPolicy access, ProviderRegistrations registrations) {
		access.requireKnownRegistrations(registrations.states().stream().map(ProviderRegistrations.State::id).toList());
		RestTemplate userInfoClient = providerClient("userinfo");
		userInfoClient.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
		DefaultOAuth2UserService userInfo = new DefaultOAuth2UserService();
		userInfo.setRestOperations(userInfoClient);
		OidcUserService oidcUserService = new OidcUserService();
		oidcUserService.setOauth2UserService(userInfo);
		oidcUserService.setOidcUserConverter((source) -> {
			OidcUser person = signedInUser(source);
			access.requireAllowed(source.getUserRequest().getClientRegistration().getRegistrationId(), person);
			return person;
		});
		return oidcUserService;
	}

	// As Spring Security's own converter, but with a plain OIDC_USER authority: its
	// OidcUserAuthority repeats the ID token and the userinfo claims, and the session
	// stores the authorities twice (the user's and the sign-in's), so every stored
	// session carried the ID token three times. This is the principal the session stores:
	// its claims are made plain JSON here, once, so that any claim a provider sends reads
	// back.
	private static OidcUser signedInUser(OidcUserSource source) {
		OidcUserRequest request = source.getUserRequest();
		Set<GrantedAuthority> authorities = new LinkedHashSet<>();
		authorities.add(new SimpleGrantedAuthority("OIDC_USER"));
		for (String scope : request.getAccessToken().getScopes()) {
			authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope));
		}
		OidcIdToken token = request.getIdToken();
		OidcIdToken idToken = new OidcIdToken(token.getTokenValue(), token.getIssuedAt(), token.getExpiresAt(),
				PlainClaims.of(token.getClaims()));
		OidcUserInfo fetched = source.getUserInfo();
		OidcUserInfo userInfo = (fetched != null) ? new OidcUserInfo(PlainClaims.of(fetched.getClaims())) : null;
		String nameAttribute = request.getClientRegistration()
			.getProviderDetails()
			.getUserInfoEndpoint()
			.getUserNameAttributeName();
		return StringUtils.hasText(nameAttribute) ? new DefaultOidcUser(authorities, idToken, userInfo, nameAttribute)
				: new DefaultOidcUser(authorities, idToken, userInfo);
	}

	private RestTemplate providerClient(String call) {
		RestTemplate client = new RestTemplate(this.providerHttp);
		client.setInterceptors(List.of(new ProviderCallTimer(this.meters, call)));
		return client;
	}

	@Bean
	OAuth2AuthorizedClientRepository authorizedClientRepository() {
		return new DiscardingAuthorizedClientRepository();
	}

}
