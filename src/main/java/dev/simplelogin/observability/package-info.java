/**
 * Meters and the audit log of sign-ins and sessions.
 */
package dev.simplelogin.observability;
