/**
 * Test-only infrastructure: the local OpenID providers, HTTP flow helpers and page
 * objects.
 */
package dev.simplelogin.testsupport;
