package dev.simplelogin.session.web;

import org.thymeleaf.ITemplateEngine;

import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.header.HeaderWriter;

/**
 * The servlet filter that answers for the session store when it cannot.
 */
@Configuration(proxyBeanMethods = false)
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

}
