package dev.simplelogin.account;

import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /sessions}: the signed-in person's sessions, and forms that sign them out. Each
 * form posts (with the CSRF token) and is answered with a redirect to the page, whose
 * {@code ended} parameter names one of a few fixed sentences: nothing from the request is
 * shown, and reloading the page repeats nothing.
 */
@Controller
class SessionsController {

	// "stale" answers a form whose CSRF token is not this session's (a page from an
	// earlier session, or another site's form): security.SecurityConfiguration sends it
	// here, having ended nothing.
	private static final Map<String, String> OUTCOMES = Map.of("one", "That session is signed out.", "others",
			"Your other sessions are signed out.", "none",
			"No other session of yours matched, so nothing was signed out. It may have ended already.", "stale",
			"That page was out of date, so nothing was signed out. Here are your sessions as they are now.");

	private final OwnSessions sessions;

	SessionsController(OwnSessions sessions) {
		this.sessions = sessions;
	}

	@GetMapping("/sessions")
	String sessions(@AuthenticationPrincipal OidcUser person, HttpSession session,
			@RequestParam(required = false) @Nullable String ended, Model model) {
		model.addAttribute("sessions", this.sessions.list(person, session.getId()));
		model.addAttribute("outcome", (ended != null) ? OUTCOMES.get(ended) : null);
		return "sessions";
	}

	@PostMapping("/sessions/end")
	String endOne(@AuthenticationPrincipal OidcUser person, HttpSession session,
			@RequestParam("session") String handle) {
		return this.sessions.endOther(person, session.getId(), handle) ? "redirect:/sessions?ended=one"
				: "redirect:/sessions?ended=none";
	}

	@PostMapping("/sessions/end-others")
	String endOthers(@AuthenticationPrincipal OidcUser person, HttpSession session) {
		return (this.sessions.endOthers(person, session.getId()) > 0) ? "redirect:/sessions?ended=others"
				: "redirect:/sessions?ended=none";
	}

	// This session ends as a sign-out does (Spring Security's logout handlers), and the
	// browser lands where a sign-out lands.
	@PostMapping("/sessions/end-all")
	String endAll(@AuthenticationPrincipal OidcUser person, HttpServletRequest request) throws ServletException {
		this.sessions.endOthers(person, request.getSession().getId());
		request.logout();
		return "redirect:/?logout";
	}

}
