/**
 * PostgreSQL announces every session change; this listener hears it and proves it does
 * (docs/design/session-cache.md).
 */
package dev.simplelogin.session.postgres;
