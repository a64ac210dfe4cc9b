package dev.simplelogin.security.access;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The refusal page, rendered in the response to the sign-in's callback (the failure
 * handler forwards here): the address travels in the request, never in a URL, a cookie or
 * a session.
 */
@Controller
class NotAllowedController {

	// Any method: the callback is a GET, but a provider may answer with a form post.
	@RequestMapping(AccessRefusedException.PAGE)
	ModelAndView notAllowed(@RequestAttribute(name = WebAttributes.AUTHENTICATION_EXCEPTION,
			required = false) @Nullable Object failure) {
		if (!(failure instanceof AccessRefusedException refused)) {
			return new ModelAndView("redirect:/login");
		}
		return new ModelAndView("not-allowed", Map.of("refusal", Refusal.of(refused), "status", 403),
				HttpStatus.FORBIDDEN);
	}

}
