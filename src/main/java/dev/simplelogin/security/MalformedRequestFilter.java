package dev.simplelogin.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Answers two kinds of request with a 4xx before anything else parses them, where Spring
 * would otherwise answer 500. Path parameters ({@code ;x=...}) are refused by Spring
 * Security's firewall anyway, but Spring MVC parses the path before the firewall runs and
 * fails on a broken escape in one. And the error page itself, requested directly rather
 * than shown for an error, has no status to show.
 */
final class MalformedRequestFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.ERROR) {
			chain.doFilter(withDecodableOrigin(request), response);
			return;
		}
		if (request.getRequestURI().indexOf(';') >= 0) {
			response.sendError(HttpStatus.BAD_REQUEST.value());
			return;
		}
		if (request.getDispatcherType() == DispatcherType.REQUEST
				&& request.getRequestURI().equals(request.getContextPath() + "/error")) {
			response.sendError(HttpStatus.NOT_FOUND.value());
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Writing the error page as JSON, Spring MVC decodes the last segment of the original
	 * path (to guard against reflected file downloads), and fails on a broken escape in path
	 * parameters, which Tomcat lets through undecoded: the error page would fail in turn, and
	 * the connection close without an answer. For such a path, the error page is told that
	 * it was asked for itself.
	 */
	private static HttpServletRequest withDecodableOrigin(HttpServletRequest request) {
		if (!(request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) instanceof String origin)
				|| decodable(origin)) {
			return request;
		}
		return new HttpServletRequestWrapper(request) {

			@Override
			public Object getAttribute(String name) {
				return RequestDispatcher.FORWARD_REQUEST_URI.equals(name) ? request.getRequestURI()
						: super.getAttribute(name);
			}

		};
	}

	private static boolean decodable(String path) {
		try {
			UriUtils.decode(path, StandardCharsets.UTF_8);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
