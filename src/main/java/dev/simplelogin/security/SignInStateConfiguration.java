package dev.simplelogin.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * Where a sign-in in flight is kept: in the browser, not the session store. The
 * authorization request travels in an encrypted cookie per flow, the page to return to in
 * Spring Security's cookie request cache ({@link SavedPageCookie}), so that anonymous
 * traffic, however much of it, writes nothing on the server until a sign-in completes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StateCookieProperties.class)
class SignInStateConfiguration {

	private static final Log logger = LogFactory.getLog(SignInStateConfiguration.class);

	private static final int KEY_BYTES = 32;

	@Bean
	StateCookieAuthorizationRequestRepository authorizationRequestRepository(StateCookieProperties properties) {
		List<SecretKey> keys = new ArrayList<>();
		if (StringUtils.hasText(properties.key())) {
			keys.add(key("simplelogin.state-cookie.key", properties.key()));
		}
		else {
			byte[] random = new byte[KEY_BYTES];
			new SecureRandom().nextBytes(random);
			keys.add(new SecretKeySpec(random, "AES"));
			logger.info("No simplelogin.state-cookie.key is set, so sign-ins in flight are encrypted with a key made "
					+ "for this run: fine for one instance; instances behind one load balancer need the same key");
		}
		if (StringUtils.hasText(properties.previousKey())) {
			keys.add(key("simplelogin.state-cookie.previous-key", properties.previousKey()));
		}
		return new StateCookieAuthorizationRequestRepository(keys, properties.maxAge(), Clock.systemUTC());
	}

	// Only a page a person asked for in a browser is worth returning to: not a JSON or
	// script request, nor one that accepts anything (curl).
	@Bean
	SavedPageCookie requestCache() {
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		RequestMatcher get = (request) -> HttpMethod.GET.matches(request.getMethod());
		SavedPageCookie cache = new SavedPageCookie();
		cache.setRequestMatcher(new AndRequestMatcher(get, html));
		cache.setCookieCustomizer((cookie) -> cookie.setAttribute("SameSite", "Lax"));
		return cache;
	}

	private static SecretKey key(String property, @Nullable String base64) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.strip().replace('-', '+').replace('_', '/'));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(property + " must be base64 (for example: openssl rand -base64 32)");
		}
		if (bytes.length != KEY_BYTES) {
			throw new IllegalStateException(property + " must be 32 bytes (256 bits), base64: openssl rand -base64 32");
		}
		return new SecretKeySpec(bytes, "AES");
	}

}
