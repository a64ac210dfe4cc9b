package dev.simplelogin.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.RedirectStrategy;

/**
 * Redirects after sign-in only within the app. The page saved before sign-in is kept as
 * an absolute URL built from the request's host, which forwarded headers can change; only
 * its path and query are used, so the target can never be another origin.
 */
final class SameOriginRedirectStrategy implements RedirectStrategy {

	@Override
	public void sendRedirect(HttpServletRequest request, HttpServletResponse response, String url) throws IOException {
		response.sendRedirect(pathAndQuery(url));
	}

	static String pathAndQuery(String url) {
		try {
			URI uri = new URI(url);
			String path = uri.getRawPath();
			if (path == null || !path.startsWith("/") || path.startsWith("//")) {
				return "/";
			}
			return (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
		}
		catch (Exception ex) {
			return "/";
		}
	}

}
