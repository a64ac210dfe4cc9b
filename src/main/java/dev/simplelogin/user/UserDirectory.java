package dev.simplelogin.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.util.StringUtils;

/**
 * The in-memory user map. It is a cache of what the providers told us: the session holds
 * the signed-in principal, so an entry missing after a restart, or on another instance,
 * is rebuilt from it and nobody is signed out. That is also why it may forget: it holds
 * at most a configured number of people (Caffeine picks whom to drop), so memory stays
 * flat however many distinct people sign in.
 */
public class UserDirectory {

	private final Cache<UserId, User> users;

	private final Clock clock;

	private final PictureOrigins pictures;

	UserDirectory(long maximumSize, Clock clock, PictureOrigins pictures) {
		this.users = Caffeine.newBuilder().maximumSize(maximumSize).build();
		this.clock = clock;
		this.pictures = pictures;
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
		return this.users.get(UserId.of(principal), (id) -> toUser(principal, signInTime(principal)));
	}

	Optional<User> find(String issuer, String subject) {
		return Optional.ofNullable(this.users.getIfPresent(new UserId(issuer, subject)));
	}

	long size() {
		this.users.cleanUp();
		return this.users.estimatedSize();
	}

	// A picture the browser would refuse (the content security policy allows only the
	// picture origins) is no picture, rather than a broken image.
	private User toUser(OidcUser principal, Instant signedInAt) {
		String picture = this.pictures.allows(principal.getPicture()) ? principal.getPicture() : null;
		return new User(String.valueOf(principal.getIssuer()), principal.getSubject(), displayName(principal),
				principal.getEmail(), Boolean.TRUE.equals(principal.getEmailVerified()), picture, signedInAt);
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
