package dev.simplelogin.session.store;

import java.math.BigInteger;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

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
import org.springframework.security.jackson.CoreJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.oauth2.client.jackson.OAuth2ClientJacksonModule;
import org.springframework.security.web.jackson.WebJacksonModule;
import org.springframework.security.web.jackson.WebServletJacksonModule;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Session attributes are stored as JSON, not Java serialization: rows stay readable (and
 * queryable as jsonb on PostgreSQL), survive upgrades of Spring Security's classes, and
 * no Java deserialization ever runs on bytes from the database. Only the types that
 * Spring Security's Jackson modules allow can be read back.
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
		JsonMapper mapper = sessionMapper();
		GenericConversionService conversion = new GenericConversionService();
		conversion.addConverter(Object.class, byte[].class, mapper::writeValueAsBytes);
		conversion.addConverter(byte[].class, Object.class, (bytes) -> mapper.readValue(bytes, Object.class));
		return conversion;
	}

	/**
	 * The mapper for session attributes. Its modules are listed rather than found on the
	 * classpath as {@code SecurityJacksonModules} does: the test classpath carries the
	 * authorization server's module, which allows more types, and the tests must read
	 * sessions exactly as production does.
	 * @return the mapper
	 */
	static JsonMapper sessionMapper() {
		// Spring Security 7.0 leaves out two claim types of ID tokens
		// (spring-security#19241), and the whole numbers that Jackson writes with their
		// type: the sign-in makes every whole claim value a Long or BigInteger
		// (PlainClaims), and everything else a claim holds is a type the modules allow.
		BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder()
			.allowIfSubType(URL.class)
			.allowIfSubType(Instant.class)
			.allowIfSubType(Long.class)
			.allowIfSubType(BigInteger.class);
		List<SecurityJacksonModule> modules = List.of(new CoreJacksonModule(), new WebJacksonModule(),
				new WebServletJacksonModule(), new OAuth2ClientJacksonModule());
		modules.forEach((module) -> module.configurePolymorphicTypeValidator(allowed));
		return JsonMapper.builder()
			.addModules(modules)
			.activateDefaultTyping(allowed.build(), DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY)
			.build();
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
