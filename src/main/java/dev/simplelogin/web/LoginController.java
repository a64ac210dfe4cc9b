package dev.simplelogin.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page. Its buttons come from {@code @signInProviders}, and the sentence for
 * a failed sign-in ({@code signInFailure}) from the security package's
 * {@code SignInFailureInterceptor}: the sentences stay in one place with the error codes
 * they stand for, and the pages need nothing of security.
 */
@Controller
class LoginController {

	@GetMapping("/login")
	String login() {
		return "login";
	}

}
