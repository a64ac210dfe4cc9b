package dev.simplelogin.security;

import dev.simplelogin.testsupport.PostgresTest;

/**
 * {@link AbstractFuzzIntegrationTests} on PostgreSQL, which refuses a NUL byte in
 * {@code text} and {@code jsonb}: a malformed session cookie must never reach it.
 */
@PostgresTest(properties = "server.forward-headers-strategy=native")
class PostgresFuzzIntegrationTests extends AbstractFuzzIntegrationTests {

}
