package dev.simplelogin.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the demo provider on its own, for scripts such as
 * {@code deploy/try-behind-nginx.sh} (through
 * {@code TestSimpleLoginApplication --provider-only <port> <file>}: a second main class
 * would leave {@code spring-boot:test-run} unable to choose). It starts the provider on
 * 127.0.0.1 and writes its issuer, client secret and account passwords to the file
 * (readable by the owner only), never to the console. Options after the file:
 * {@code --people=<n>} adds accounts p1 to p{@code n} (bench/soak.sh's crowd), and
 * {@code --back-channel=<uri>} sends a logout token there whenever someone signs out at
 * the provider.
 */
public final class ScriptedDemoProvider {

	private ScriptedDemoProvider() {
	}

	public static void run(String port, String path, List<String> options) throws IOException {
		int people = 0;
		List<String> backChannel = new ArrayList<>();
		for (String option : options) {
			if (option.startsWith("--people=")) {
				people = Integer.parseInt(option.substring("--people=".length()));
			}
			else if (option.startsWith("--back-channel=")) {
				backChannel.add(option.substring("--back-channel=".length()));
			}
			else {
				throw new IllegalArgumentException("unknown option " + option);
			}
		}
		DemoOpenIdProvider provider = DemoOpenIdProvider.startWithPeople("127.0.0.1", Integer.parseInt(port), people);
		backChannel.forEach(provider::sendBackChannelLogoutTo);
		List<String> lines = new ArrayList<>(List.of("issuer=" + provider.issuer(),
				"client_id=" + DemoOpenIdProvider.CLIENT_ID, "client_secret=" + provider.clientSecret()));
		provider.accounts().forEach((account) -> lines.add(account.username() + "=" + account.password()));
		Path file = Path.of(path);
		Files.deleteIfExists(file);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.write(file, lines);
	}

}
