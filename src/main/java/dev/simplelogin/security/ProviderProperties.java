package dev.simplelogin.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the app talks to OpenID providers.
 *
 * @param connectTimeout how long to wait for a connection to the provider
 * @param readTimeout how long to wait for each answer of the provider (discovery, token,
 * userinfo, signing keys)
 */
@ConfigurationProperties("simplelogin.provider")
record ProviderProperties(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout) {
}
