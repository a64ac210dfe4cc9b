package dev.simplelogin.testsupport;

/**
 * The demo provider that integration tests share: started once per test JVM, on a free
 * port of 127.0.0.1, and stopped when the JVM ends.
 */
public final class TestProviders {

	private TestProviders() {
	}

	public static DemoOpenIdProvider demo() {
		return Holder.DEMO;
	}

	private static final class Holder {

		private static final DemoOpenIdProvider DEMO = DemoOpenIdProvider.start("127.0.0.1", 0);

	}

}
