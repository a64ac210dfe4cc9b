package dev.simplelogin.web;

import dev.simplelogin.account.SessionCount;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class PageController {

	private static final MediaType TEXT_CSS = MediaType.parseMediaType("text/css");

	private final SessionCount sessionCount;

	PageController(SessionCount sessionCount) {
		this.sessionCount = sessionCount;
	}

	// The link to the sessions page says on how many devices the person is signed in.
	@GetMapping("/")
	String home(@AuthenticationPrincipal @Nullable OidcUser person, Model model) {
		if (person != null) {
			model.addAttribute("sessionCount", this.sessionCount.of(person));
		}
		return "home";
	}

	@GetMapping("/secret")
	String secret() {
		return "secret";
	}

	// What a proxy that limits sign-ins (deploy/nginx.conf) shows when it refuses one:
	// the app's own page, with the status the proxy answers.
	@GetMapping("/too-many-requests")
	String tooManyRequests(Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, "60");
		model.addAttribute("status", HttpStatus.TOO_MANY_REQUESTS.value());
		return "error";
	}

	// Only the public pages are worth a crawler's visit; the rest asks to sign in. Plain
	// text whatever the client says it accepts, as crawlers expect.
	@GetMapping("/robots.txt")
	ResponseEntity<String> robots() {
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("""
				User-agent: *
				Disallow: /secret
				Disallow: /logout
				Disallow: /sessions
				Disallow: /oauth2/
				Disallow: /login/oauth2/
				""");
	}

	// Chromium keeps a signed-in page in its back/forward cache, although it was sent
	// with no-store, when the sign-out ended its cookie before the page was put there.
	// The signed-out page asks for this only once it has replaced the signed-in one, so
	// this answer empties the back/forward cache in time for Back.
	@GetMapping("/assets/signed-out.css")
	ResponseEntity<String> signedOut() {
		return ResponseEntity.ok()
			.header("Clear-Site-Data", "\"cache\"")
			.contentType(TEXT_CSS)
			.body("/* Signed out. */\n");
	}

	// Signing out is a POST (it changes state and needs the CSRF token); this page holds
	// the form.
	@GetMapping("/logout")
	String confirmLogout(Model model) {
		model.addAttribute("signOutPage", true);
		return "logout";
	}

}
