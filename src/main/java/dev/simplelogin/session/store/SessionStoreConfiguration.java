package dev.simplelogin.session.store;

import java.time.Clock;

import javax.sql.DataSource;

import dev.simplelogin.session.SessionStoreProperties;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The session store: attributes as JSON ({@link SessionJson}), the vendors' queries,
 * session ids and cookies, one wait for a connection per request, the cleanup job and the
 * store's meters.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(SessionStoreProperties.class)
class SessionStoreConfiguration {

	private final DatabaseDriver database;

	SessionStoreConfiguration(DataSourceProperties dataSource) {
		this.database = DatabaseDriver.fromJdbcUrl(dataSource.determineUrl());
	}

	// On a mapper of its own: the MVC one must never learn to write type information.
	@Bean
	GenericConversionService springSessionConversionService() {
		return SessionJson.conversionService();
	}

	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> vendorSessionQueries() {
		return (repository) -> {
			if (this.database == DatabaseDriver.POSTGRESQL) {
				PostgresSessionQueries.applyTo(repository);
			}
			else if (this.database == DatabaseDriver.H2) {
				H2SessionQueries.applyTo(repository);
			}
		};
	}

	@Bean
	SessionIdGenerator sessionIdGenerator() {
		return new RandomSessionIdGenerator();
	}

	// Boot builds the session cookie from its properties; Spring Session's filter is
	// handed a strict reader of it.
	@Bean
	static BeanPostProcessor strictSessionCookies() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DefaultCookieSerializer cookies) ? new StrictSessionCookies(cookies) : bean;
			}
		};
	}

	@Bean
	static BeanPostProcessor oneWaitPerRequest() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource pool && !(bean instanceof OneWaitPerRequest))
						? new OneWaitPerRequest(pool) : bean;
			}
		};
	}

	@Bean
	ServletListenerRegistrationBean<OneWaitPerRequest.Scope> oneWaitPerRequestScope() {
		return new ServletListenerRegistrationBean<>(new OneWaitPerRequest.Scope());
	}

	@Bean
	ExpiredSessionCleanup expiredSessionCleanup(DataSource dataSource, SessionStoreProperties cleanup,
			ApplicationEventPublisher events) {
		return new ExpiredSessionCleanup(new JdbcTemplate(dataSource), this.database, cleanup.cleanupBatchSize(),
				Clock.systemUTC(), events);
	}

	@Bean
	StoreMeters storeMeters(DataSource dataSource) {
		return new StoreMeters(new JdbcTemplate(dataSource), this.database == DatabaseDriver.POSTGRESQL,
				Clock.systemUTC());
	}

}
