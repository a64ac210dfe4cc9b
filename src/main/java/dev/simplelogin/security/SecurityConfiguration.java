package dev.simplelogin.security;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.simplelogin.security.access.AccessPolicy;
import dev.simplelogin.security.access.AccessRefusedException;
import dev.simplelogin.security.logout.BackChannelLogout;
import dev.simplelogin.session.SessionEvent;
import dev.simplelogin.session.SessionKey;
import dev.simplelogin.session.SignInRecord;
import dev.simplelogin.user.PictureOrigins;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.HeaderWriterLogoutHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.CompositeHeaderWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.PermissionsPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.web.context.WebApplicationContext;

/**
 * Who may see what. Every page not listed as public needs a signed-in session; an address
 * where the app has no page answers 404 whoever asks ({@link NoPageRequestMatcher}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self'%s; "
			+ "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'%s";

	// The app uses none of these browser features, so no page of it (or script in it)
	// may.
	private static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

	// Sign-out empties the browser's cache of the app, in case one kept a page despite
	// no-store. Spring's ClearSiteDataHeaderWriter writes only under https; browsers heed
	// the header on https and on localhost, and ignore it elsewhere. The back/forward
	// cache needs one more step: docs/design/sign-out-and-the-back-button.md.
	private static final HeaderWriter SIGNED_OUT_HEADERS = new StaticHeadersWriter("Clear-Site-Data", "\"cache\"");

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ProviderRegistrations registrations,
			OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> accessTokenResponseClient,
			OidcUserService oidcUserService, OAuth2AuthorizedClientRepository authorizedClients,
			StateCookieAuthorizationRequestRepository signInsInFlight, SavedPageCookie pagesToReturnTo,
			HeaderWriter securityHeaders, WebApplicationContext context, AccessPolicy access,
			ProviderSettings providers, SiteProperties site, BackChannelLogout backChannelLogout,
			ApplicationEventPublisher events) {
		// @formatter:off
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers("/", "/login", "/logout", "/error", "/too-many-requests", "/robots.txt").permitAll()
			.requestMatchers("/assets/**", "/favicon.ico").permitAll()
			.requestMatchers(AccessRefusedException.PAGE).permitAll()
			.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
			// Served on the management port only (observability's endpoint filter).
			.requestMatchers("/actuator/prometheus").permitAll()
			// The signed-in pages, named so that their requests skip the handler lookup
			// NoPageRequestMatcher makes for every address not named above.
			.requestMatchers("/secret", "/sessions", "/sessions/end", "/sessions/end-others", "/sessions/end-all")
				.authenticated()
			.requestMatchers(new NoPageRequestMatcher(context)).permitAll()
			.anyRequest().authenticated());
		// @formatter:on
		http.oauth2Login((login) -> login.loginPage("/login")
			.authorizationEndpoint((authorization) -> authorization
				.authorizationRequestResolver(new KnownProviderAuthorizationRequestResolver(registrations, access))
				.authorizationRequestRepository(signInsInFlight))
			.tokenEndpoint((token) -> token.accessTokenResponseClient(accessTokenResponseClient))
			.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(oidcUserService))
			.authorizedClientRepository(authorizedClients)
			.successHandler(backToSavedPage(pagesToReturnTo, backChannelLogout, events))
			.failureHandler(new SignInFailureHandler(events))
			.withObjectPostProcessor(signInStartFailuresToo(events)));
		http.requestCache((cache) -> cache.requestCache(pagesToReturnTo));
		http.logout((logout) -> logout.addLogoutHandler(new HeaderWriterLogoutHandler(SIGNED_OUT_HEADERS))
			.logoutSuccessHandler(new ProviderLogoutSuccessHandler(registrations, providers, site)));
		// Logout tokens from providers (POST /logout/connect/back-channel/{id}) are
		// answered ahead of the CSRF and access checks, as Spring Security's
		// oidcLogout().backChannel() does, and without a session.
		http.addFilterBefore(backChannelLogout.filter(), CsrfFilter.class);
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), jsonRequests())
			.accessDeniedHandler(signOutDeniedToo()));
		http.headers((headers) -> headers.defaultsDisabled().addHeaderWriter(securityHeaders));
		return http.build();
	}

	/**
	 * The security headers of every response, in one place: Spring Security's defaults
	 * (no caching of pages, {@code nosniff}, HSTS under https, no framing), the content
	 * security policy, the referrer, permissions and opener policies. Also written by the
	 * "temporarily unavailable" page, which is rendered before the filter chain runs.
	 * @param pictures where the providers serve profile pictures from (images are allowed
	 * from there and from the app only)
	 * @return the writer
	 */
	@Bean
	HeaderWriter securityHeaders(PictureOrigins pictures, ProviderRegistrations registrations,
			ProviderSettings providers) {
		CrossOriginOpenerPolicyHeaderWriter openerPolicy = new CrossOriginOpenerPolicyHeaderWriter();
		openerPolicy.setPolicy(CrossOriginOpenerPolicy.SAME_ORIGIN);
		// A provider discovered late brings its sign-out origin: the policy is made again
		// when a registration becomes known, and otherwise reused by every response.
		AtomicReference<CurrentPolicy> current = new AtomicReference<>(
				CurrentPolicy.of(pictures, registrations, providers));
		HeaderWriter contentSecurityPolicy = (request, response) -> {
			CurrentPolicy policy = current.get();
			if (policy.known() != registrations.known()) {
				policy = CurrentPolicy.of(pictures, registrations, providers);
				current.set(policy);
			}
			policy.writer().writeHeaders(request, response);
		};
		return new CompositeHeaderWriter(
				List.of(new CacheControlHeadersWriter(), new XContentTypeOptionsHeaderWriter(), new HstsHeaderWriter(),
						new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY), new XXssProtectionHeaderWriter(),
						contentSecurityPolicy, new ReferrerPolicyHeaderWriter(ReferrerPolicy.SAME_ORIGIN),
						new PermissionsPolicyHeaderWriter(PERMISSIONS_POLICY), openerPolicy));
	}

	@Bean
	FilterRegistrationBean<MalformedRequestFilter> malformedRequestFilter() {
		FilterRegistrationBean<MalformedRequestFilter> registration = new FilterRegistrationBean<>(
				new MalformedRequestFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	// Not defaultAccessDeniedHandlerFor: with one mapping, Spring Security uses that
	// handler for every request, and a forged form anywhere else would be sent to sign
	// out. The sessions page's forms sign out too, and are restored with the page as the
	// Sign out button is: someone still signed in gets the page again, whose "stale"
	// sentence (account.SessionsController) says that nothing was signed out.
	private static AccessDeniedHandler signOutDeniedToo() {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		LinkedHashMap<RequestMatcher, AccessDeniedHandler> handlers = new LinkedHashMap<>();
		handlers.put(paths.matcher(HttpMethod.POST, "/logout"),
				new SignOutDeniedHandler(SIGNED_OUT_HEADERS, "/logout"));
		handlers.put(paths.matcher(HttpMethod.POST, "/sessions/*"),
				new SignOutDeniedHandler(SIGNED_OUT_HEADERS, "/sessions?ended=stale"));
		return new RequestMatcherDelegatingAccessDeniedHandler(handlers, new AccessDeniedHandlerImpl());
	}

	// A sign-in that cannot start (its provider is unavailable) ends on the sign-in page
	// with a sentence, as one that failed later does, instead of Spring Security's 500.
	private static ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter> signInStartFailuresToo(
			ApplicationEventPublisher events) {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
				filter.setAuthenticationFailureHandler(new SignInFailureHandler(events));
				return filter;
			}
		};
	}

	// Every signed-in page shows the sign-out form, which needs a CSRF token. Made here,
	// the token is stored in the same write as the signed-in session and its sign-in
	// record, and the first page after sign-in writes nothing.
	private static AuthenticationSuccessHandler backToSavedPage(SavedPageCookie pagesToReturnTo,
			BackChannelLogout backChannelLogout, ApplicationEventPublisher events) {
		SavedRequestAwareAuthenticationSuccessHandler handler = new SavedRequestAwareAuthenticationSuccessHandler();
		handler.setRequestCache(pagesToReturnTo);
		handler.setRedirectStrategy(new SameOriginRedirectStrategy());
		return (request, response, authentication) -> {
			if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
				token.getToken();
			}
			if (authentication.getPrincipal() instanceof OidcUser person) {
				SignInRecord.of(request, Clock.systemUTC())
					.writeTo(request.getSession(), String.valueOf(person.getIssuer()), person.getSubject());
			}
			handler.onAuthenticationSuccess(request, response, authentication);
			// The redirect committed the response, and Spring Session stored the session
			// with it: only now is there a row to link the provider's session to.
			if (authentication instanceof OAuth2AuthenticationToken signIn
					&& signIn.getPrincipal() instanceof OidcUser person) {
				backChannelLogout.linkSession(request.getSession().getId(), person);
				events.publishEvent(SessionEvent.signedIn(signIn.getAuthorizedClientRegistrationId(),
						String.valueOf(person.getIssuer()), person.getSubject(),
						SessionKey.of(request.getSession().getId())));
			}
		};
	}

	// An observation around each filter of the chain cost every request more than the
	// chain's own checks (about 14% of a page's CPU time in a profile); sign-ins and
	// access decisions stay observed.
	@Bean
	static SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.withDefaults()
			.shouldObserveRequests(false)
			.shouldObserveAuthentications(true)
			.shouldObserveAuthorizations(true)
			.build();
	}

	// Parameter names and values end up in the saved request, which the session store
	// keeps as JSON: a NUL byte there is a string PostgreSQL's jsonb refuses. Such a
	// request is refused at the door with a 400.
	@Bean
	StrictHttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedParameterNames((name) -> name.indexOf('\u0000') < 0);
		firewall.setAllowedParameterValues((value) -> value.indexOf('\u0000') < 0);
		return firewall;
	}

	// Images come from the app and the providers' picture hosts. The sign-out form's POST
	// is redirected to the provider's end_session_endpoint, and form-action covers a
	// form's redirects too: each such provider's origin is allowed.
	private static String contentSecurityPolicy(PictureOrigins pictures, ProviderRegistrations registrations,
			ProviderSettings providers) {
		StringBuilder signOutOrigins = new StringBuilder();
		for (ClientRegistration registration : registrations) {
			String origin = ProviderLogoutSuccessHandler.endSessionOrigin(registration, providers);
			if (origin != null && signOutOrigins.indexOf(" " + origin) < 0) {
				signOutOrigins.append(' ').append(origin);
			}
		}
		return CONTENT_SECURITY_POLICY.formatted(
				pictures.origins().stream().map((origin) -> " " + origin).collect(Collectors.joining()),
				signOutOrigins);
	}

	private record CurrentPolicy(int known, ContentSecurityPolicyHeaderWriter writer) {

		// The count is read first: a registration that arrives meanwhile makes the next
		// response build the policy again.
		static CurrentPolicy of(PictureOrigins pictures, ProviderRegistrations registrations,
				ProviderSettings providers) {
			int known = registrations.known();
			return new CurrentPolicy(known,
					new ContentSecurityPolicyHeaderWriter(contentSecurityPolicy(pictures, registrations, providers)));
		}

	}

	private static MediaTypeRequestMatcher jsonRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.APPLICATION_JSON);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
