/**
 * Decoded sessions kept in memory, and what makes an entry go (docs/design/session-cache.md).
 */
package dev.simplelogin.session.cache;
