package dev.simplelogin.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cookies that carry a sign-in in flight (state, nonce, PKCE verifier), encrypted so
 * that nothing is stored on the server before a sign-in completes.
 *
 * @param key the 256-bit key that encrypts them, base64; every instance behind one load
 * balancer needs the same one (from the environment:
 * {@code SIMPLELOGIN_STATECOOKIE_KEY}). Without it each start makes a random key, and a
 * sign-in in flight across a restart asks the person to try again
 * @param previousKey the key before the last rotation, still accepted for reading
 * @param maxAge how long a person has to finish a sign-in at the provider
 */
@ConfigurationProperties("simplelogin.state-cookie")
record StateCookieProperties(@Nullable String key, @Nullable String previousKey, @DefaultValue("10m") Duration maxAge) {
}
