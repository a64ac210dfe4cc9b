package dev.simplelogin.security;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where each sign-in provider serves the profile pictures its {@code picture} claims
 * point to.
 *
 * @param providers by registration id ({@code simplelogin.providers.<id>.*}); entries for
 * providers that are not configured are ignored
 */
@ConfigurationProperties("simplelogin")
record PictureHostProperties(@DefaultValue Map<String, Provider> providers) {

	/**
	 * One provider's picture hosts.
	 *
	 * @param pictureHosts origins ({@code https://images.example.com}, a bare host name
	 * meaning https) whose pictures the pages show; unset, Google's image host for the
	 * {@code google} registration and none for the others; empty, none
	 */
	record Provider(@Nullable List<String> pictureHosts) {
	}

}
