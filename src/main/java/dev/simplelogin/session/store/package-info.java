/**
 * The session rows: JSON attributes, vendor queries, session ids and cookies, cleanup.
 */
package dev.simplelogin.session.store;
