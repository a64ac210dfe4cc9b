package dev.simplelogin.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The in-memory user map. It is a cache of what the providers told us: the session holds
 * the signed-in principal, so an entry missing after a restart, or on another instance, is
 * rebuilt from it and nobody is signed out.
 */
@Component
public class UserDirectory {

	private final Map<UserId, User> users = new ConcurrentHashMap<>();

	private final Clock clock;

	public UserDirectory() {
		this(Clock.systemUTC());
	}

	UserDirectory(Clock clock) {
		this.clock = clock;
	}

	@EventListener
	void onSignIn(AuthenticationSuccessEvent event) {
		if (event.getAuthentication().getPrincipal() instanceof OidcUser principal) {
			signedIn(principal);
		}
	}

	/**
	 * Puts or refreshes the entry of a person who has just signed in.
	 * @param principal the principal that Spring Security built from the ID token
	 * @return the stored user
	 */
	public User signedIn(OidcUser principal) {
		User user = toUser(principal, this.clock.instant());
		this.users.put(user.id(), user);
		return user;
	}

	/**
	 * Returns the entry of a signed-in person, rebuilding it from the principal kept in
	 * the session when this process has none.
	 * @param principal the principal of the current session
	 * @return the user
	 */
	public User lookup(OidcUser principal) {
		return this.users.computeIfAbsent(UserId.of(principal), (id) -> toUser(principal, signInTime(principal)));
	}

	Optional<User> find(String issuer, String subject) {
		return Optional.ofNullable(this.users.get(new UserId(issuer, subject)));
	}

	int size() {
		return this.users.size();
	}

	private static User toUser(OidcUser principal, Instant signedInAt) {
		return new User(String.valueOf(principal.getIssuer()), principal.getSubject(), displayName(principal),
				principal.getEmail(), Boolean.TRUE.equals(principal.getEmailVerified()), principal.getPicture(),
				signedInAt);
	}

	private static String displayName(OidcUser principal) {
		if (StringUtils.hasText(principal.getFullName())) {
			return principal.getFullName();
		}
		if (StringUtils.hasText(principal.getEmail())) {
			return principal.getEmail();
		}
		return principal.getSubject();
	}

	// The ID token was issued at sign-in, so its iat is the best record of when that was.
	private static Instant signInTime(OidcUser principal) {
		Instant issuedAt = principal.getIssuedAt();
		return (issuedAt != null) ? issuedAt : Instant.EPOCH;
	}

}
