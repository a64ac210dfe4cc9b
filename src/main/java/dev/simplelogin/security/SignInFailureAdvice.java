package dev.simplelogin.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Gives the sign-in page the sentence for a failed sign-in, as the model attribute
 * {@code signInFailure}: {@link SignInFailureHandler} sends the browser to
 * {@code /login?error=<reason>}, and the reason becomes one of {@link SignInFailure}'s
 * sentences, never text from the request. The page itself lives with the other pages,
 * which do not depend on this package.
 */
@ControllerAdvice
class SignInFailureAdvice {

	@ModelAttribute("signInFailure")
	@Nullable String signInFailure(HttpServletRequest request,
			@RequestParam(name = "error", required = false) @Nullable String reason) {
		if (reason == null || !request.getRequestURI().equals(request.getContextPath() + "/login")) {
			return null;
		}
		return SignInFailure.fromKey(reason).message();
	}

}
