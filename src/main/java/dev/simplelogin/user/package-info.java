/** The in-memory directory of users who signed in, keyed by issuer and subject. */
package dev.simplelogin.user;
