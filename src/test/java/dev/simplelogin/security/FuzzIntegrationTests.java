package dev.simplelogin.security;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;

/**
 * {@link AbstractFuzzIntegrationTests} on the default embedded H2.
 */
@AppWithDemoProviderTest(properties = "server.forward-headers-strategy=native")
class FuzzIntegrationTests extends AbstractFuzzIntegrationTests {

}
