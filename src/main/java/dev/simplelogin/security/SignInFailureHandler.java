package dev.simplelogin.security;

import java.io.IOException;
import java.text.ParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import dev.simplelogin.security.access.AccessRefusedException;
import dev.simplelogin.session.SessionEvent;
import dev.simplelogin.support.Causes;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ForwardAuthenticationFailureHandler;

/**
 * Sends a failed sign-in to the sign-in page with a reason the page turns into a
 * sentence. Only our own short reason travels in the URL. The audit log gets the reason
 * and the OAuth2 error code, never the description, and the code only when it looks like
 * one: both can carry text an attacker chose. A person the access rules refuse gets the
 * refusal page instead, with a 403, in the response to the callback itself.
 */
final class SignInFailureHandler implements AuthenticationFailureHandler {

	private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

	private static final Pattern REGISTRATION_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	private final AuthenticationFailureHandler refusalPage = new ForwardAuthenticationFailureHandler(
			AccessRefusedException.PAGE);

	private final ApplicationEventPublisher events;

	SignInFailureHandler(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		if (exception instanceof AccessRefusedException refused) {
			this.events.publishEvent(SessionEvent.signInRefused(provider(request), refused.reason(),
					refused.description(), refused.issuer(), refused.subject()));
			this.refusalPage.onAuthenticationFailure(request, response, exception);
			return;
		}
		SignInFailure failure = SignInFailure.of(exception);
		this.events.publishEvent(SessionEvent.signInFailed(provider(request), failure.key(),
				loggableCode(exception) + reason(exception)));
		this.redirectStrategy.sendRedirect(request, response, "/login?error=" + failure.key());
	}

	private static String provider(HttpServletRequest request) {
		String path = request.getRequestURI();
		String id = path.substring(path.lastIndexOf('/') + 1);
		return REGISTRATION_ID.matcher(id).matches() ? id : SessionEvent.UNKNOWN_PROVIDER;
	}

	// Told by error code and exception type, never by message text: descriptions change
	// with the library and may quote claim values or token text.
	private static String reason(AuthenticationException exception) {
		if (!(exception instanceof OAuth2AuthenticationException oauth2)) {
			return "";
		}
		return switch (oauth2.getError().getErrorCode()) {
			case "invalid_nonce" -> " (nonce mismatch)";
			case "invalid_user_info_response" -> " (userinfo refused or for another subject)";
			case "invalid_id_token" -> " (" + idTokenReason(exception) + ")";
			default -> "";
		};
	}

	private static String idTokenReason(AuthenticationException exception) {
		Optional<JwtValidationException> invalid = Causes.find(exception, JwtValidationException.class);
		if (invalid.isPresent()) {
			return invalid.get()
				.getErrors()
				.stream()
				.map((error) -> (error instanceof IdTokenCheck.Failure failure) ? failure.check().reason()
						: "token rejected")
				.distinct()
				.collect(Collectors.joining(", "));
		}
		if (Causes.find(exception, BadJWSException.class).isPresent()) {
			return "bad signature";
		}
		if (Causes.find(exception, BadJOSEException.class).isPresent()) {
			return "unknown signing key or algorithm";
		}
		if (Causes.find(exception, ParseException.class).isPresent()) {
			return "malformed token";
		}
		// The decoder's one refusal without a cause: a token with no signature at all.
		if (Causes.find(exception, BadJwtException.class).filter((bad) -> bad.getCause() == null).isPresent()) {
			return "unsigned token";
		}
		return "token rejected";
	}

	// A provider's error code arrives in the callback URL, where anyone can write
	// anything.
	private static String loggableCode(AuthenticationException exception) {
		if (exception instanceof OAuth2AuthenticationException oauth2) {
			String code = oauth2.getError().getErrorCode();
			return ERROR_CODE.matcher(code).matches() ? code : "(unrecognised error code)";
		}
		return exception.getClass().getSimpleName();
	}

}
