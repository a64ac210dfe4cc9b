package dev.simplelogin.security.access;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may sign in: the rules. Sign-in applies them through the OpenID client's user
 * service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class AccessConfiguration {

	@Bean
	AccessPolicy accessPolicy(AccessProperties properties) {
		return new AccessPolicy(properties);
	}

}
