package dev.simplelogin.security;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers two kinds of request with a 4xx before anything else parses them, where Spring
 * would otherwise answer 500. Path parameters ({@code ;x=...}) are refused by Spring
 * Security's firewall anyway, but Spring MVC parses the path before the firewall runs and
 * fails on a broken escape in one. And the error page itself, requested directly rather
 * than shown for an error, has no status to show.
 */
final class MalformedRequestFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
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

}
