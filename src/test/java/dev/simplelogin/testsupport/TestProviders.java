package dev.simplelogin.testsupport;

/**
 * The demo providers that tests share: each started once per test JVM, on a free port of
 * 127.0.0.1, when first asked for, and stopped when the JVM ends.
 */
public final class TestProviders {

	private TestProviders() {
	}

	public static DemoOpenIdProvider demo() {
		return Demo.PROVIDER;
	}

	public static DemoOpenIdProvider askingConsent() {
		return AskingConsent.PROVIDER;
	}

	private static final class Demo {

		private static final DemoOpenIdProvider PROVIDER = DemoOpenIdProvider.start("127.0.0.1", 0);

	}

	private static final class AskingConsent {

		private static final DemoOpenIdProvider PROVIDER = DemoOpenIdProvider.startAskingConsent("127.0.0.1", 0);

	}

}
