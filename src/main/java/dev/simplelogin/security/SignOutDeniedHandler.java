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
 * A sign-out whose CSRF token does not match: a Sign out button on a page older than the
 * session (restored by the browser, or left open in another tab), or a forged request
 * from another site. Neither gets Spring Security's 403. With no one signed in there is
 * nothing to protect: the browser goes to the signed-out page, as after any sign-out.
 * Someone still signed in is asked again on the sign-out page, whose form carries the
 * current token, so another site still cannot sign anyone out.
 */
final class SignOutDeniedHandler implements AccessDeniedHandler {

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

	private final HeaderWriter signedOutHeaders;

	SignOutDeniedHandler(HeaderWriter signedOutHeaders) {
		this.signedOutHeaders = signedOutHeaders;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException, ServletException {
		if (!(denied instanceof CsrfException)) {
			this.otherwise.handle(request, response, denied);
			return;
		}
		if (this.trustResolver.isAuthenticated(this.contexts.getContext().getAuthentication())) {
			response.sendRedirect(request.getContextPath() + "/logout");
			return;
		}
		this.signedOutHeaders.writeHeaders(request, response);
		response.sendRedirect(request.getContextPath() + ProviderLogoutSuccessHandler.SIGNED_OUT);
	}

}
