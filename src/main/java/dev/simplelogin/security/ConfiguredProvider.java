package dev.simplelogin.security;

import java.util.function.Supplier;

import org.springframework.security.oauth2.client.registration.ClientRegistration;

/**
 * A sign-in provider as configured, before its registration is known.
 *
 * @param id the registration id
 * @param name the name its button shows
 * @param registration makes the registration, asking the provider's discovery document
 * where there is one; throws when the provider cannot be reached or answers wrongly
 */
record ConfiguredProvider(String id, String name, Supplier<ClientRegistration> registration) {
}
