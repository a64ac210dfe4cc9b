/**
 * Server-side sessions: what the store, cache, listener and filters share.
 */
package dev.simplelogin.session;
