package dev.simplelogin.session.web;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.simplelogin.session.StoreUnreachable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When the session store cannot be reached, pages that need a session answer 503 with the
 * app's "temporarily unavailable" page instead of a 500. It sits in front of Spring
 * Session, so it renders the page itself: the usual error dispatch would need the store
 * again. The connection pool's timeout bounds the wait; the pool reconnects by itself.
 */
final class StoreUnavailableFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(StoreUnavailableFilter.class);

	private final ITemplateEngine templates;

	private final HeaderWriter securityHeaders;

	private static final long LOG_INTERVAL_MILLIS = 60_000;

	private final AtomicLong lastLogged = new AtomicLong();

	StoreUnavailableFilter(ITemplateEngine templates, HeaderWriter securityHeaders) {
		this.templates = templates;
		this.securityHeaders = securityHeaders;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!StoreUnreachable.causedBy(ex)) {
				throw ex;
			}
			// Spring Session commits the session when the response commits, and once more
			// at the end, when it reads the session again: if the store went away in
			// between, the answer is already on its way, and the late failure can change
			// nothing in it.
			if (response.isCommitted()) {
				logRateLimited("The session store went away after an answer was sent: " + ex.getClass().getName());
				return;
			}
			logRateLimited("The session store cannot be reached; answering 503: " + ex.getClass().getName());
			renderUnavailable(request, response);
		}
	}

	private void logRateLimited(String message) {
		long now = System.currentTimeMillis();
		long last = this.lastLogged.get();
		if (now - last > LOG_INTERVAL_MILLIS && this.lastLogged.compareAndSet(last, now)) {
			logger.warn(message);
		}
	}

	private void renderUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.reset();
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding("UTF-8");
		// Spring Security's filter chain never ran for this response: its header writer,
		// here.
		response.setHeader("Retry-After", "5");
		this.securityHeaders.writeHeaders(request, response);
		WebContext context = new WebContext(
				JakartaServletWebApplication.buildApplication(request.getServletContext())
					.buildExchange(request, response),
				request.getLocale(), Map.of("status", HttpStatus.SERVICE_UNAVAILABLE.value()));
		this.templates.process("error", context, response.getWriter());
	}

}
