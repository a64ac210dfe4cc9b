package dev.simplelogin.web;

import dev.simplelogin.user.UserDirectory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Gives every page the signed-in user (or nothing) as {@code currentUser}, read from the
 * user map, so that the layout's header and the pages render the same person. An
 * interceptor rather than a {@code @ModelAttribute} method of a controller advice: Spring
 * MVC builds the invocation of such a method anew for every request, and that cost a page
 * more bytes than its controller (docs/design/allocation.md).
 */
final class CurrentUserInterceptor implements HandlerInterceptor {

	private final UserDirectory users;

	CurrentUserInterceptor(UserDirectory users) {
		this.users = users;
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable ModelAndView page) {
		if (page == null || page.getView() instanceof RedirectView
				|| (page.getViewName() != null && page.getViewName().startsWith("redirect:"))) {
			return;
		}
		Authentication authentication = SecurityContextHolder.getContextHolderStrategy()
			.getContext()
			.getAuthentication();
		page.addObject("currentUser",
				(authentication != null && authentication.getPrincipal() instanceof OidcUser person)
						? this.users.lookup(person) : null);
	}

}
