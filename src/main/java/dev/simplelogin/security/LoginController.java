package dev.simplelogin.security;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {

	@GetMapping("/login")
	String login(@RequestParam(name = "error", required = false) @Nullable String error, Model model) {
		if (error != null) {
			model.addAttribute("failure", SignInFailure.fromKey(error).message());
		}
		return "login";
	}

}
