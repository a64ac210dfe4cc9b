package dev.simplelogin.session;

import java.time.Clock;

import javax.sql.DataSource;

import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Session attributes are stored as JSON, not Java serialization: rows stay readable (and
 * queryable as jsonb on PostgreSQL), survive upgrades of Spring Security's classes, and no
 * Java deserialization ever runs on bytes from the database. Only the types that Spring
 * Security's Jackson modules allow can be read back.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SessionStoreConfiguration {

	private final DatabaseDriver database;

	SessionStoreConfiguration(DataSource dataSource) {
		this.database = databaseDriver(dataSource);
	}

	// On a mapper of its own: the MVC one must never learn to write type information.
	@Bean
	GenericConversionService springSessionConversionService() {
		JsonMapper mapper = JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(SessionStoreConfiguration.class.getClassLoader()))
			.build();
		GenericConversionService conversion = new GenericConversionService();
		conversion.addConverter(Object.class, byte[].class, mapper::writeValueAsBytes);
		conversion.addConverter(byte[].class, Object.class, (bytes) -> mapper.readValue(bytes, Object.class));
		return conversion;
	}

	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> vendorSessionQueries() {
		return (repository) -> {
			if (this.database == DatabaseDriver.POSTGRESQL) {
				PostgresSessionQueries.applyTo(repository);
			}
		};
	}

	@Bean
	ExpiredSessionCleanup expiredSessionCleanup(DataSource dataSource,
			@Value("${simplelogin.session.cleanup-batch-size:1000}") int batchSize) {
		return new ExpiredSessionCleanup(new JdbcTemplate(dataSource), this.database, batchSize, Clock.systemUTC());
	}

	@Bean
	FilterRegistrationBean<StoreUnavailableFilter> storeUnavailableFilter(ITemplateEngine templates,
			SessionProperties session) {
		FilterRegistrationBean<StoreUnavailableFilter> registration = new FilterRegistrationBean<>(
				new StoreUnavailableFilter(templates));
		registration.setOrder(session.getServlet().getFilterOrder() - 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<UndecodableSessionFilter> undecodableSessionFilter(SessionProperties session) {
		FilterRegistrationBean<UndecodableSessionFilter> registration = new FilterRegistrationBean<>(
				new UndecodableSessionFilter());
		registration.setOrder(session.getServlet().getFilterOrder() + 1);
		return registration;
	}

	private static DatabaseDriver databaseDriver(DataSource dataSource) {
		try {
			String url = JdbcUtils.extractDatabaseMetaData(dataSource, (metaData) -> metaData.getURL());
			return DatabaseDriver.fromJdbcUrl(url);
		}
		catch (MetaDataAccessException ex) {
			return DatabaseDriver.UNKNOWN;
		}
	}

}
