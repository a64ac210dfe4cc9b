/**
 * OpenID Connect Back-Channel Logout: the provider's logout tokens end sessions in the
 * shared store.
 */
package dev.simplelogin.security.logout;
