package dev.simplelogin.session;

import javax.sql.DataSource;

import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
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
class SessionStoreConfiguration {

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
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> vendorSessionQueries(DataSource dataSource) {
		DatabaseDriver driver = databaseDriver(dataSource);
		return (repository) -> {
			if (driver == DatabaseDriver.POSTGRESQL) {
				PostgresSessionQueries.applyTo(repository);
			}
		};
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
