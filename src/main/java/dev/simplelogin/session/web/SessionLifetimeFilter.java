package dev.simplelogin.session.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import dev.simplelogin.session.SessionEvent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session once it is {@code simplelogin.session.max-age} old, however active it
 * is: the idle timeout alone would let a session that is used every day live for ever.
 * The request that finds it too old is sent to the sign-in page, which says why.
 */
final class SessionLifetimeFilter extends OncePerRequestFilter {

	static final String ENDED = "/login?error=ended";

	private final Duration maxAge;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	SessionLifetimeFilter(Duration maxAge, Clock clock, ApplicationEventPublisher events) {
		this.maxAge = maxAge;
		this.clock = clock;
		this.events = events;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		// Sign-in makes the session (signed-out visitors get none), so its creation
		// time is its sign-in time: a number the session already holds, where the
		// sign-in record's time would be parsed again on every request.
		if (session != null && session.getCreationTime() + this.maxAge.toMillis() <= this.clock.millis()) {
			this.events.publishEvent(SessionEvent.ended(SessionEvent.Ending.MAX_AGE, session));
			session.invalidate();
			response.sendRedirect(ENDED);
			return;
		}
		chain.doFilter(request, response);
	}

}
