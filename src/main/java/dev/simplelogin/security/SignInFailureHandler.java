package dev.simplelogin.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Sends a failed sign-in to the sign-in page with a reason the page turns into a sentence.
 * Only our own short reason travels in the URL, and only the OAuth2 error code is logged:
 * descriptions can carry text an attacker chose.
 */
final class SignInFailureHandler implements AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(SignInFailureHandler.class);

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SignInFailure failure = SignInFailure.of(exception);
		String code = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError().getErrorCode()
				: exception.getClass().getSimpleName();
		logger.info("Sign-in failed (%s): %s".formatted(failure.key(), code));
		this.redirectStrategy.sendRedirect(request, response, "/login?error=" + failure.key());
	}

}
