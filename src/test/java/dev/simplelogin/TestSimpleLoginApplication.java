package dev.simplelogin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.simplelogin.testsupport.DemoAccount;
import dev.simplelogin.testsupport.DemoOpenIdProvider;
import dev.simplelogin.testsupport.ScriptedDemoProvider;

import org.springframework.boot.SpringApplication;

/**
 * The demo: {@code ./mvnw spring-boot:test-run} starts a local OpenID provider on
 * localhost:9000 and the app on localhost:8080, registered with it. No Google account
 * needed. With {@code --provider-only <port> <file> [options]} it starts only the
 * provider, for the scripts in deploy/ and bench/.
 */
public class TestSimpleLoginApplication {

	public static void main(String[] args) throws IOException {
		if (args.length >= 3 && args[0].equals("--provider-only")) {
			ScriptedDemoProvider.run(args[1], args[2], List.of(args).subList(3, args.length));
			return;
		}
		DemoOpenIdProvider provider = DemoOpenIdProvider.start("localhost", 9000);
		// Signing out at the provider (http://localhost:9000/logout) signs out of the
		// app.
		provider.sendBackChannelLogoutTo("http://localhost:8080/logout/connect/back-channel/demo");
		// Its own file, so demo sessions never outlive a switch to real providers.
		List<String> appArgs = new ArrayList<>(List.of("--spring.datasource.url=jdbc:h2:file:./data/demo"));
		appArgs.addAll(List.of(args));
		provider.clientProperties().forEach((name, value) -> appArgs.add("--" + name + "=" + value));
		SpringApplication.from(SimpleLoginApplication::main).run(appArgs.toArray(String[]::new));
		StringBuilder banner = new StringBuilder(
				"%n  simple-login demo is ready: open http://localhost:8080%n".formatted());
		for (DemoAccount account : provider.accounts()) {
			banner.append("  sign in as %-5s with password %s%n".formatted(account.username(), account.password()));
		}
		System.out.println(banner);
	}

}
