package dev.simplelogin.user;

/**
 * Lets tests of other packages ask the user map whom it holds, without a way for the app
 * to.
 */
public final class UserMap {

	private UserMap() {
	}

	public static boolean holds(UserDirectory users, String issuer, String subject) {
		return users.find(issuer, subject).isPresent();
	}

}
