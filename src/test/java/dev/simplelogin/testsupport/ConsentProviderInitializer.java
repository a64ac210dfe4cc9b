package dev.simplelogin.testsupport;

/**
 * Registers the app under test with the shared demo provider that asks for consent.
 */
public class ConsentProviderInitializer extends DemoProviderInitializer {

	@Override
	protected DemoOpenIdProvider provider() {
		return TestProviders.askingConsent();
	}

}
