package dev.simplelogin.security.access;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may sign in: the rules, and the filter that applies them to sessions begun before
 * they changed. Sign-in applies them through the OpenID client's user service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
public class AccessConfiguration {

	@Bean
	AccessPolicy accessPolicy(AccessProperties properties) {
		return new AccessPolicy(properties);
	}

	// After Spring Session's filter and the session lifetime's, before Spring Security's,
	// which would otherwise let the session in.
	@Bean
	FilterRegistrationBean<SessionAccessFilter> sessionAccessFilter(AccessPolicy policy, SessionProperties session,
			ApplicationEventPublisher events) {
		FilterRegistrationBean<SessionAccessFilter> registration = new FilterRegistrationBean<>(
				new SessionAccessFilter(policy, events));
		registration.setOrder(session.getServlet().getFilterOrder() + 2);
		return registration;
	}

}
