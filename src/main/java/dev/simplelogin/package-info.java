/** simple-login: sign in with Google (OpenID Connect), sessions kept on the server. */
package dev.simplelogin;
