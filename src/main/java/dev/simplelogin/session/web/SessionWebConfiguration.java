package dev.simplelogin.session.web;

import java.time.Clock;

import dev.simplelogin.session.SessionStoreProperties;
import org.thymeleaf.ITemplateEngine;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.header.HeaderWriter;

/**
 * The servlet filters around Spring Session's: one answers for the store when it cannot,
 * one ends sessions at their absolute lifetime.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionStoreProperties.class)
class SessionWebConfiguration {

	// Before Spring Session's filter, which is the first to reach the store.
	@Bean
	FilterRegistrationBean<StoreUnavailableFilter> storeUnavailableFilter(ITemplateEngine templates,
			HeaderWriter securityHeaders, SessionProperties session) {
		FilterRegistrationBean<StoreUnavailableFilter> registration = new FilterRegistrationBean<>(
				new StoreUnavailableFilter(templates, securityHeaders));
		registration.setOrder(session.getServlet().getFilterOrder() - 1);
		return registration;
	}

	// After Spring Session's filter, which gives the request its session, and before
	// Spring Security's, which would otherwise let the session in.
	@Bean
	FilterRegistrationBean<SessionLifetimeFilter> sessionLifetimeFilter(SessionStoreProperties properties,
			SessionProperties session, ApplicationEventPublisher events) {
		FilterRegistrationBean<SessionLifetimeFilter> registration = new FilterRegistrationBean<>(
				new SessionLifetimeFilter(properties.maxAge(), Clock.systemUTC(), events));
		registration.setOrder(session.getServlet().getFilterOrder() + 1);
		return registration;
	}

}
