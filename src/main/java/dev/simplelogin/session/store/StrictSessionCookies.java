package dev.simplelogin.session.store;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.session.web.http.CookieSerializer;

/**
 * Boot's session cookie, read strictly: only ids of the shape the app issues reach the
 * store, and only the first two of them. A malformed value (bad base64, a NUL byte that
 * PostgreSQL would refuse, 10 KB of junk) is no session at all, never a query or a 500,
 * and a request with 200 session cookies (cookie tossing from a sibling domain) costs at
 * most two lookups.
 */
final class StrictSessionCookies implements CookieSerializer {

	static final int MAX_LOOKUPS = 2;

	private final CookieSerializer cookies;

	StrictSessionCookies(CookieSerializer cookies) {
		this.cookies = cookies;
	}

	@Override
	public void writeCookieValue(CookieValue cookieValue) {
		this.cookies.writeCookieValue(cookieValue);
	}

	@Override
	public List<String> readCookieValues(HttpServletRequest request) {
		return this.cookies.readCookieValues(request)
			.stream()
			.filter(RandomSessionIdGenerator::isWellFormed)
			.limit(MAX_LOOKUPS)
			.toList();
	}

}
