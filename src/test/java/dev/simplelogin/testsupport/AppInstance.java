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
		return start(List.of(), properties, profiles);
	}

	/**
	 * Starts an instance with beans of its own, which replace the app's beans of the same
	 * name (an older version of a part, say).
	 * @param replacements classes whose {@code @Bean} methods replace the app's (not
	 * annotated {@code @Configuration}, or component scanning would find them for every
	 * instance)
	 * @param properties properties on top of the defaults (the database, mostly)
	 * @param profiles profiles to activate
	 * @return the running instance
	 */
	public static AppInstance start(List<Class<?>> replacements, Map<String, String> properties, String... profiles) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
		TestProviders.demo().clientProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		if (!replacements.isEmpty()) {
			args.add("--spring.main.allow-bean-definition-overriding=true");
		}
		if (List.of(profiles).contains("postgres")) {
			Postgres.plainHttpCookie().forEach((name, value) -> args.add("--" + name + "=" + value));
			Postgres.sharedTestJvm().forEach((name, value) -> args.add("--" + name + "=" + value));
		}
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		return new AppInstance(new SpringApplicationBuilder(SimpleLoginApplication.class)
			.sources(replacements.toArray(Class<?>[]::new))
			.profiles(profiles)
			.run(args.toArray(String[]::new)));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * Where the actuator listens when {@code management.server.port} is set (to 0 in
	 * tests).
	 */
	public String managementUrl() {
		return "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.management.port");
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
