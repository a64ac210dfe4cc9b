package dev.simplelogin.security.logout;

import jakarta.servlet.Filter;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * What the security configuration needs of back-channel logout: the endpoint's filter,
 * and the link from each new session to the provider session it began in.
 */
public final class BackChannelLogout {

	private final BackChannelLogoutFilter filter;

	private final ProviderSessions sessions;

	BackChannelLogout(BackChannelLogoutFilter filter, ProviderSessions sessions) {
		this.filter = filter;
		this.sessions = sessions;
	}

	/**
	 * The endpoint, to be placed before the CSRF filter.
	 * @return the filter
	 */
	public Filter filter() {
		return this.filter;
	}

	/**
	 * Links a stored session to the provider session its ID token names (its
	 * {@code sid}), if it names one, so a logout token naming that {@code sid} ends it.
	 * @param sessionId the app's session, already stored
	 * @param person who signed in
	 */
	public void linkSession(String sessionId, OidcUser person) {
		this.sessions.link(sessionId, person);
	}

}
