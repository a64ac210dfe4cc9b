package dev.simplelogin.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Logs each successful sign-in with its provider. Failures are logged by
 * {@link SignInFailureHandler}. Neither logs tokens, codes or session ids.
 */
@Component
class SignInLog {

	private static final Log logger = LogFactory.getLog(SignInLog.class);

	@EventListener
	void onSignIn(AuthenticationSuccessEvent event) {
		// Published by the authentication manager, before the filter swaps in an
		// OAuth2AuthenticationToken.
		if (event.getAuthentication() instanceof OAuth2LoginAuthenticationToken token) {
			logger.info("Signed in at " + token.getClientRegistration().getRegistrationId());
		}
	}

}
