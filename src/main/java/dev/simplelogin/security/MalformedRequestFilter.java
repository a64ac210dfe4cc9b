package dev.simplelogin.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Answers three kinds of request with a 4xx before anything else parses them, where
 * Spring would otherwise answer 500. Path parameters ({@code ;x=...}) are refused by
 * Spring Security's firewall anyway, but Spring MVC parses the path before the firewall
 * runs and fails on a broken escape in one. The error page itself, requested directly
 * rather than shown for an error, has no status to show. And Spring Framework 7.0.8's
 * media type parser throws {@code StringIndexOutOfBoundsException} (instead of its own
 * exception, which Spring handles) on some {@code Accept} headers with quotes, such as
 * {@code ,"/,"}: such a request gets a 400, and its error page is rendered as if it had
 * sent no {@code Accept} header.
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
			chain.doFilter(withoutUnparsableAccept(withDecodableOrigin(request)), response);
			return;
		}
		if (request.getRequestURI().indexOf(';') >= 0 || !parsableAccept(request)) {
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
	 * path (to guard against reflected file downloads), and fails on a broken escape in
	 * path parameters, which Tomcat lets through undecoded: the error page would fail in
	 * turn, and the connection close without an answer. For such a path, the error page
	 * is told that it was asked for itself.
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

	private static HttpServletRequest withoutUnparsableAccept(HttpServletRequest request) {
		if (parsableAccept(request)) {
			return request;
		}
		return new HttpServletRequestWrapper(request) {

			@Override
			public String getHeader(String name) {
				return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.emptyEnumeration()
						: super.getHeaders(name);
			}

		};
	}

	// Only a header with a quote is parsed here: no other has been seen to break the
	// parser (two million generated ones without a quote parsed or were refused
	// properly).
	private static boolean parsableAccept(HttpServletRequest request) {
		for (String accept : Collections.list(request.getHeaders(HttpHeaders.ACCEPT))) {
			if (accept.indexOf('"') >= 0) {
				try {
					MediaType.parseMediaTypes(accept);
				}
				catch (InvalidMediaTypeException handledBySpring) {
					// Spring answers this one itself.
				}
				catch (RuntimeException ex) {
					return false;
				}
			}
		}
		return true;
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
