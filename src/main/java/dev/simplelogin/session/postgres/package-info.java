/**
 * PostgreSQL announces every session change; this listener hears it and proves it does.
 */
package dev.simplelogin.session.postgres;
