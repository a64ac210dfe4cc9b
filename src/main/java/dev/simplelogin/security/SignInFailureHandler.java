package dev.simplelogin.security;

import java.io.IOException;
import java.util.regex.Pattern;

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
 * Only our own short reason travels in the URL. The log gets the reason and the OAuth2
 * error code, never the description, and the code only when it looks like one: both can
 * carry text an attacker chose.
 */
final class SignInFailureHandler implements AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(SignInFailureHandler.class);

	private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SignInFailure failure = SignInFailure.of(exception);
		logger.info("Sign-in failed (%s): %s".formatted(failure.key(), loggableCode(exception)));
		this.redirectStrategy.sendRedirect(request, response, "/login?error=" + failure.key());
	}

	// A provider's error code arrives in the callback URL, where anyone can write anything.
	private static String loggableCode(AuthenticationException exception) {
		if (exception instanceof OAuth2AuthenticationException oauth2) {
			String code = oauth2.getError().getErrorCode();
			return ERROR_CODE.matcher(code).matches() ? code : "(unrecognised error code)";
		}
		return exception.getClass().getSimpleName();
	}

}
