package dev.simplelogin.session;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Treats a stored session that cannot be decoded (corrupt, or written by an incompatible
 * version) as no session: it is deleted, logged once, and the request goes on signed out,
 * instead of failing wherever the first attribute happens to be read.
 */
final class UndecodableSessionFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(UndecodableSessionFilter.class);

	// Static files and health checks never read the session; loading it for them would cost
	// a database round trip each.
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.startsWith("/assets/") || path.equals("/favicon.ico")
				|| path.startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null) {
			ConversionException failure = decodingFailure(session);
			if (failure != null) {
				// The cause's type says why; its message may quote stored data, so only at debug.
				logger.warn("Deleted a stored session that could not be decoded (%s); the visitor continues signed out"
					.formatted(failure.getMostSpecificCause().getClass().getSimpleName()));
				logger.debug("Undecodable session", failure);
				session.invalidate();
			}
		}
		chain.doFilter(request, response);
	}

	// Attributes are decoded lazily, on first read: read them all now.
	private static @Nullable ConversionException decodingFailure(HttpSession session) {
		try {
			for (String name : Collections.list(session.getAttributeNames())) {
				session.getAttribute(name);
			}
			return null;
		}
		catch (ConversionException ex) {
			return ex;
		}
	}

}
