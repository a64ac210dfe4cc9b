package dev.simplelogin.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The Google client credentials. They come from the environment (GOOGLE_CLIENT_ID,
 * GOOGLE_CLIENT_SECRET); without them Google is simply not offered.
 *
 * @param clientId the OAuth client ID from the Google Cloud console
 * @param clientSecret the matching client secret
 */
@ConfigurationProperties("simplelogin.google")
record GoogleProperties(@Nullable String clientId, @Nullable String clientSecret) {

	boolean configured() {
		return StringUtils.hasText(this.clientId) && StringUtils.hasText(this.clientSecret);
	}

}
