package dev.simplelogin.security.access;

import java.io.IOException;

import dev.simplelogin.session.SessionEvent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs out a session whose person the access rules no longer let in (a domain removed at
 * the last restart, say), on its next request. The request goes to the sign-in page,
 * which says why. With no rules at all it does nothing.
 */
final class SessionAccessFilter extends OncePerRequestFilter {

	static final String NO_LONGER_ALLOWED = "/login?error=not-allowed";

	private final AccessPolicy policy;

	private final ApplicationEventPublisher events;

	SessionAccessFilter(AccessPolicy policy, ApplicationEventPublisher events) {
		this.policy = policy;
		this.events = events;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = this.policy.letsEveryoneIn() ? null : request.getSession(false);
		if (session != null && session.getAttribute(
				HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context
				&& context.getAuthentication() instanceof OAuth2AuthenticationToken signIn
				&& signIn.getPrincipal() instanceof OidcUser person
				&& !this.policy.allows(signIn.getAuthorizedClientRegistrationId(), person)) {
			this.events.publishEvent(SessionEvent.ended(SessionEvent.Ending.POLICY, session));
			session.invalidate();
			response.sendRedirect(NO_LONGER_ALLOWED);
			return;
		}
		chain.doFilter(request, response);
	}

}
