package dev.simplelogin.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
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

	// What a proxy that limits sign-ins (deploy/nginx.conf) shows when it refuses one: the
	// app's own page, with the status the proxy answers.
	@GetMapping("/too-many-requests")
	String tooManyRequests(Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, "60");
		model.addAttribute("status", HttpStatus.TOO_MANY_REQUESTS.value());
		return "error";
	}

	// Signing out is a POST (it changes state and needs the CSRF token); this page holds the form.
	@GetMapping("/logout")
	String confirmLogout() {
		return "logout";
	}

}
