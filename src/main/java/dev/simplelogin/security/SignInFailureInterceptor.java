package dev.simplelogin.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Gives the sign-in page the sentence for a failed sign-in, as the model attribute
 * {@code signInFailure}: {@link SignInFailureHandler} sends the browser to
 * {@code /login?error=<reason>}, and the reason becomes one of {@link SignInFailure}'s
 * sentences, never text from the request. The page itself lives with the other pages,
 * which do not depend on this package. Registered for {@code /login} only
 * ({@link SignInFailureConfiguration}): as a controller advice's {@code @ModelAttribute}
 * it ran, and allocated, for every page.
 */
final class SignInFailureInterceptor implements HandlerInterceptor {

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable ModelAndView page) {
		String reason = request.getParameter("error");
		if (page != null && reason != null) {
			page.addObject("signInFailure", SignInFailure.fromKey(reason).message());
		}
	}

}
