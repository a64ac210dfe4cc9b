package dev.simplelogin.testsupport;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Registers the app under test with the shared demo provider and gives its context a
 * PostgreSQL schema of its own, dropped when the context closes.
 */
public class PostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String schema = Postgres.newName("sl_test");
		Map<String, Object> properties = new HashMap<>(TestProviders.demo().clientProperties());
		properties.putAll(Postgres.schemaProperties(schema));
		properties.putAll(Postgres.plainHttpCookie());
		properties.putAll(Postgres.sharedTestJvm());
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgres", properties));
		context.addApplicationListener((ContextClosedEvent event) -> Postgres.dropSchema(schema));
	}

}
