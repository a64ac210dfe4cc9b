package dev.simplelogin.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.simplelogin.SimpleLoginApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running instance of the app, started like the jar would be, on a free port and
 * registered with the shared demo provider. Tests start several to play a restart or a
 * load-balanced deployment.
 */
public final class AppInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private AppInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts an instance.
	 * @param properties properties on top of the defaults (the database, mostly)
	 * @param profiles profiles to activate
	 * @return the running instance
	 */
	public static AppInstance start(Map<String, String> properties, String... profiles) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
		TestProviders.demo().clientProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		return new AppInstance(new SpringApplicationBuilder(SimpleLoginApplication.class).profiles(profiles)
			.run(args.toArray(String[]::new)));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port");
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public HttpFlow browser() {
		return new HttpFlow(baseUrl());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
