package dev.simplelogin.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class PageController {

	@GetMapping("/")
	String home() {
		return "home";
	}

	@GetMapping("/secret")
	String secret() {
		return "secret";
	}

	// Signing out is a POST (it changes state and needs the CSRF token); this page holds the form.
	@GetMapping("/logout")
	String confirmLogout() {
		return "logout";
	}

}
