package dev.simplelogin.web;

import dev.simplelogin.user.User;
import dev.simplelogin.user.UserDirectory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every page the signed-in user (or nothing), read from the user map, so that the
 * layout's header and the pages render the same person.
 */
@ControllerAdvice
class CurrentUserAdvice {

	private final UserDirectory users;

	CurrentUserAdvice(UserDirectory users) {
		this.users = users;
	}

	@ModelAttribute("currentUser")
	@Nullable User currentUser(@AuthenticationPrincipal @Nullable OidcUser principal) {
		return (principal != null) ? this.users.lookup(principal) : null;
	}

}
