package dev.simplelogin.security;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the app is reached.
 *
 * @param baseUrl the scheme, host and port people use
 * ({@code https://login.example.com}): when set, the redirect URI sent to every provider
 * and the post-logout redirect URI are built from it, not from the request's {@code Host}
 * or forwarded headers, so a forged header cannot steer them
 */
@ConfigurationProperties("simplelogin")
record SiteProperties(@Nullable URI baseUrl) {

	SiteProperties {
		if (baseUrl != null && (!baseUrl.isAbsolute() || baseUrl.getHost() == null
				|| !(baseUrl.getScheme().equals("https") || baseUrl.getScheme().equals("http"))
				|| baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null)) {
			throw new IllegalStateException(
					"simplelogin.base-url must be an absolute http or https URL such as https://login.example.com");
		}
	}

	/**
	 * The redirect URI template for the providers.
	 * @return Spring Security's template, fixed to the base URL when there is one
	 */
	String redirectUriTemplate() {
		return base() + "/login/oauth2/code/{registrationId}";
	}

	/**
	 * Where a provider sends people back after signing them out: the signed-out home
	 * page.
	 * @return Spring Security's template, fixed to the base URL when there is one
	 */
	String postLogoutRedirectUriTemplate() {
		return base() + "/?logout";
	}

	private String base() {
		return (this.baseUrl != null) ? this.baseUrl.toString().replaceAll("/+$", "") : "{baseUrl}";
	}

}
