/** Who may see what, and the OpenID Connect sign-in that Spring Security performs. */
package dev.simplelogin.security;
