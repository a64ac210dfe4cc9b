/**
 * Servlet filters in front of the session store.
 */
package dev.simplelogin.session.web;
