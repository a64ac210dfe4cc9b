package dev.simplelogin.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * A browser without a screen: real HTTP, a cookie jar shared across ports as browsers do,
 * and no automatic redirects, so a test can look at every hop of a sign-in.
 */
public final class HttpFlow {

	private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final URI app;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient client;

	private final String userAgent;

	public HttpFlow(String appBaseUrl) {
		this(appBaseUrl, "Java-http-client");
	}

	/**
	 * A browser that names itself.
	 * @param appBaseUrl where the app is
	 * @param userAgent the User-Agent header of every request, such as a real browser's
	 */
	public HttpFlow(String appBaseUrl, String userAgent) {
		this.app = URI.create(appBaseUrl);
		this.userAgent = userAgent;
		this.client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	public String baseUrl() {
		return this.app.toString();
	}

	public HttpResponse<String> get(String pathOrUrl, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(resolve(pathOrUrl))
			.header("Accept", "text/html,application/xhtml+xml")
			.header("User-Agent", this.userAgent)
			.timeout(Duration.ofSeconds(30))
			.GET();
		for (int i = 0; i < headers.length; i += 2) {
			request.setHeader(headers[i], headers[i + 1]);
		}
		return send(request.build());
	}

	public HttpResponse<String> post(String pathOrUrl, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(resolve(pathOrUrl))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.header("User-Agent", this.userAgent)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * Follows redirects from a response, as a browser would.
	 * @param response a response, redirect or not
	 * @return the first response that is not a redirect
	 */
	public HttpResponse<String> follow(HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hops = 0; isRedirect(current); hops++) {
			if (hops > 10) {
				throw new IllegalStateException("Redirect loop at " + current.uri());
			}
			current = get(location(current).toString());
		}
		return current;
	}

	/**
	 * Starts a sign-in at the app and returns the authorization request it redirects to.
	 * @param registrationId the provider's registration id
	 * @return the provider URL with the authorization request
	 */
	public URI startSignIn(String registrationId) {
		HttpResponse<String> response = get("/oauth2/authorization/" + registrationId);
		if (response.statusCode() != 302) {
			throw new IllegalStateException("Sign-in did not start: " + response.statusCode());
		}
		return location(response);
	}

	/**
	 * Signs in at the demo provider's form for an authorization request and returns the
	 * callback to the app that the provider answers with (not yet followed).
	 * @param authorizationRequest the URL from {@link #startSignIn(String)}
	 * @param account who signs in
	 * @return the app's callback URL with code and state
	 */
	public URI authorizeAtProvider(URI authorizationRequest, DemoAccount account) {
		HttpResponse<String> response = get(authorizationRequest.toString());
		if (isRedirect(response) && location(response).getPath().equals("/login")) {
			URI loginPage = location(response);
			String csrf = csrfToken(get(loginPage.toString()).body());
			response = post(loginPage.toString(),
					Map.of("username", account.username(), "password", account.password(), "_csrf", csrf));
			response = get(location(response).toString());
		}
		if (!isRedirect(response)) {
			throw new IllegalStateException("The provider did not redirect back: " + response.statusCode());
		}
		return location(response);
	}

	/**
	 * The whole sign-in, from an anonymous visit to a protected page until that page.
	 * @param path the protected page to start from
	 * @param account who signs in
	 * @return the page the flow ends on
	 */
	public HttpResponse<String> signIn(String path, DemoAccount account) {
		HttpResponse<String> entry = get(path);
		if (entry.statusCode() != 302) {
			throw new IllegalStateException("Expected a redirect to sign-in, got " + entry.statusCode());
		}
		URI callback = authorizeAtProvider(startSignIn("demo"), account);
		return follow(get(callback.toString()));
	}

	/**
	 * Starts a sign-in at a provider that needs no form (the hostile provider) and
	 * returns the callback it answers with, not yet followed.
	 * @param registrationId the provider's registration id
	 * @param subject who the provider should sign in (as {@code login_hint})
	 * @return the app's callback URL
	 */
	public URI callbackFrom(String registrationId, String subject) {
		URI authorization = startSignIn(registrationId);
		HttpResponse<String> response = get(authorization + "&login_hint=" + encode(subject));
		if (!isRedirect(response)) {
			throw new IllegalStateException("The provider did not redirect back: " + response.statusCode());
		}
		return location(response);
	}

	public Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	/** Every cookie the browser holds for the app, by name. */
	public Map<String, String> cookies() {
		Map<String, String> cookies = new LinkedHashMap<>();
		this.cookies.getCookieStore()
			.getCookies()
			.forEach((cookie) -> cookies.put(cookie.getName(), cookie.getValue()));
		return cookies;
	}

	public void setCookie(String name, String value) {
		this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.toList()
			.forEach((cookie) -> this.cookies.getCookieStore().remove(null, cookie));
		HttpCookie cookie = new HttpCookie(name, value);
		cookie.setPath("/");
		cookie.setVersion(0);
		// As the cookie manager names the host of cookies it receives, so one from the
		// app replaces it.
		cookie.setDomain(this.app.getHost());
		this.cookies.getCookieStore().add(this.app, cookie);
	}

	public static String csrfToken(String html) {
		Matcher matcher = CSRF_INPUT.matcher(html);
		if (!matcher.find()) {
			throw new IllegalStateException("No CSRF token in the page");
		}
		return matcher.group(1);
	}

	public static URI location(HttpResponse<?> response) {
		return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
	}

	public static Map<String, String> queryParameters(URI uri) {
		Map<String, String> parameters = new LinkedHashMap<>();
		UriComponentsBuilder.fromUri(uri)
			.build()
			.getQueryParams()
			.forEach((name, values) -> parameters.put(name,
					(values.get(0) != null) ? URLDecoder.decode(values.get(0), StandardCharsets.UTF_8) : ""));
		return parameters;
	}

	private static boolean isRedirect(HttpResponse<?> response) {
		return response.statusCode() >= 300 && response.statusCode() < 400;
	}

	private URI resolve(String pathOrUrl) {
		return this.app.resolve(pathOrUrl);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request to " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
