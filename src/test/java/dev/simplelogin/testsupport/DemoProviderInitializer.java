package dev.simplelogin.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Registers the app under test with the shared demo provider, and gives each application
 * context a database of its own.
 */
public class DemoProviderInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Map<String, Object> properties = new HashMap<>(provider().clientProperties());
		properties.put("spring.datasource.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("demoProvider", properties));
	}

	protected DemoOpenIdProvider provider() {
		return TestProviders.demo();
	}

}
