package dev.simplelogin.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Spring Security's {@link CookieRequestCache}, except that a cookie it cannot turn back
 * into a page (Spring Security 7.0.6 throws on a path such as {@code /%zz}, on every
 * request, error page included) is no saved page and is cleared: a sibling domain could
 * otherwise toss such a cookie and break every page for its victim. (Spring Security's
 * {@code getMatchingRequest}, run on every request, reads through {@link #getRequest}.)
 */
final class SavedPageCookie extends CookieRequestCache {

	@Override
	public @Nullable SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
		try {
			return super.getRequest(request, response);
		}
		catch (IllegalArgumentException unreadable) {
			removeRequest(request, response);
			return null;
		}
	}

}
