package dev.simplelogin.observability;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The audit log with the sign-in and sign-out counters, and where the metrics are served.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	private static final EndpointId PROMETHEUS = EndpointId.of("prometheus");

	@Bean
	AuditLog auditLog(MeterRegistry meters, ClientRegistrationRepository registrations) {
		return new AuditLog(meters, registrations);
	}

	/**
	 * Serves {@code /actuator/prometheus} only on a management port of its own
	 * ({@code management.server.port}), which the public cannot reach: the meters tell
	 * how many people sign in, fail and sign out, and which providers the app calls. On
	 * the app's own port the endpoint does not exist (404), whatever the exposure
	 * settings say.
	 * @param environment the settings
	 * @return the filter
	 */
	@Bean
	static EndpointFilter<ExposableWebEndpoint> prometheusOnManagementPortOnly(Environment environment) {
		boolean ownPort = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
		return (endpoint) -> ownPort || !PROMETHEUS.equals(endpoint.getEndpointId());
	}

}
