package dev.simplelogin.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.HeaderWriter;

/**
 * A sign-out whose CSRF token does not match: a Sign out button (of the sign-out page, or
 * one of the sessions page's) on a page older than the session (restored by the browser,
 * or left open in another tab), or a forged request from another site. Neither gets
 * Spring Security's 403. With no one signed in there is nothing to protect and nothing
 * the request could end: the browser goes to the signed-out page, as after any sign-out.
 * Someone still signed in is asked again on the page the form came from, which carries
 * the current token; nothing is ended, so another site still cannot sign anyone out.
 */
final class SignOutDeniedHandler implements AccessDeniedHandler {

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

	private final HeaderWriter signedOutHeaders;

	private final String askAgain;

	/**
	 * A handler for one kind of sign-out form.
	 * @param signedOutHeaders the headers a sign-out answers with
	 * @param askAgain where someone still signed in is sent: the page with the form
	 */
	SignOutDeniedHandler(HeaderWriter signedOutHeaders, String askAgain) {
		this.signedOutHeaders = signedOutHeaders;
		this.askAgain = askAgain;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException, ServletException {
		if (!(denied instanceof CsrfException)) {
			this.otherwise.handle(request, response, denied);
			return;
		}
		if (this.trustResolver.isAuthenticated(this.contexts.getContext().getAuthentication())) {
			response.sendRedirect(request.getContextPath() + this.askAgain);
			return;
		}
		this.signedOutHeaders.writeHeaders(request, response);
		response.sendRedirect(request.getContextPath() + ProviderLogoutSuccessHandler.SIGNED_OUT);
	}

}
