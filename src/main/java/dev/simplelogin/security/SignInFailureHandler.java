package dev.simplelogin.security;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Sends a failed sign-in to the sign-in page with a reason the page turns into a
 * sentence. Only our own short reason travels in the URL. The log gets the reason and the
 * OAuth2 error code, never the description, and the code only when it looks like one:
 * both can carry text an attacker chose.
 */
final class SignInFailureHandler implements AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(SignInFailureHandler.class);

	private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

	private static final Pattern REGISTRATION_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	// Codes whose descriptions Spring Security writes itself, not the provider.
	private static final Set<String> LOCAL_CODES = Set.of("invalid_id_token", "invalid_nonce",
			"invalid_user_info_response");

	private static final Pattern INVALID_CLAIMS = Pattern.compile("invalid claims: \\{(.*)}");

	private static final Pattern CLAIM_NAME = Pattern.compile("(?:^|, )([a-z_]{1,32})=");

	private static final Map<String, String> KNOWN_REASONS = Map.of("Invalid signature", "bad signature",
			"no matching key", "unknown signing key or algorithm", "Unsupported algorithm", "unsupported algorithm",
			"iat claim is invalid", "iat outside the accepted window", "expiresAt must be after issuedAt",
			"exp before iat", "Jwt expired", "expired", "nonce", "nonce mismatch", "UserInfo", "userinfo mismatch");

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SignInFailure failure = SignInFailure.of(exception);
		logger.info("Sign-in failed at %s (%s): %s%s".formatted(provider(request), failure.key(),
				loggableCode(exception), reason(exception)));
		this.redirectStrategy.sendRedirect(request, response, "/login?error=" + failure.key());
	}

	private static String provider(HttpServletRequest request) {
		String path = request.getRequestURI();
		String id = path.substring(path.lastIndexOf('/') + 1);
		return REGISTRATION_ID.matcher(id).matches() ? id : "(unknown provider)";
	}

	// Spring Security's own descriptions say what failed, but may quote claim values or
	// token text: keep the claim names and the kind of signature failure only.
	private static String reason(AuthenticationException exception) {
		if (!(exception instanceof OAuth2AuthenticationException oauth2) || oauth2.getError().getDescription() == null
				|| !LOCAL_CODES.contains(oauth2.getError().getErrorCode())) {
			return "";
		}
		String description = oauth2.getError().getDescription();
		Matcher claims = INVALID_CLAIMS.matcher(description);
		if (claims.find()) {
			return " (invalid claims: " + CLAIM_NAME.matcher(claims.group(1))
				.results()
				.map((name) -> name.group(1))
				.collect(Collectors.joining(", ")) + ")";
		}
		return KNOWN_REASONS.entrySet()
			.stream()
			.filter((known) -> description.contains(known.getKey()))
			.map((known) -> " (" + known.getValue() + ")")
			.findFirst()
			.orElse(" (token rejected)");
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
