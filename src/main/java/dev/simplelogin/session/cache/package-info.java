/**
 * Decoded sessions kept in memory, and what makes an entry go.
 */
package dev.simplelogin.session.cache;
