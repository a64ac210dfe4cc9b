package dev.simplelogin.session;

import java.math.BigInteger;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
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
import org.springframework.security.web.header.HeaderWriter;
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

	private final DataSourceProperties dataSource;

	private final DatabaseDriver database;

	SessionStoreConfiguration(DataSourceProperties dataSource) {
		this.dataSource = dataSource;
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
		// (spring-security#19241),
		// and the whole numbers that Jackson writes with their type: the sign-in makes
		// every
		// whole claim value a Long or BigInteger (PlainClaims), and everything else a
		// claim
		// holds is a type the modules allow.
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

	/**
	 * The cache is trusted from the start only where this process is the database's one
	 * user (embedded H2). On PostgreSQL it is trusted while
	 * {@link PostgresSessionChanges} listens; on other databases, never.
	 * @param properties the store's settings
	 * @return the cache
	 */
	@Bean
	SessionCache sessionCache(SessionStoreProperties properties) {
		String url = this.dataSource.determineUrl();
		boolean embedded = url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:mem:");
		return new SessionCache(properties.cacheSize(), embedded);
	}

	@Bean
	PostgresSessionChanges postgresSessionChanges(DataSource dataSource, SessionCache cache,
			SessionStoreProperties properties) {
		return new PostgresSessionChanges(() -> listeningConnection(dataSource), new JdbcTemplate(dataSource), cache,
				this.database == DatabaseDriver.POSTGRESQL && properties.cacheSize() > 0);
	}

	// Connected as the pool connects (URL, user, password, driver properties such as SSL,
	// schema), but outside it: the connection is held for as long as the app runs.
	private Connection listeningConnection(DataSource dataSource) throws SQLException {
		if (dataSource instanceof HikariDataSource hikari) {
			Connection listening = DriverManager.getConnection(hikari.getJdbcUrl(), listenerProperties(hikari));
			try {
				if (hikari.getSchema() != null) {
					listening.setSchema(hikari.getSchema());
				}
				return listening;
			}
			catch (SQLException ex) {
				listening.close();
				throw ex;
			}
		}
		Properties connection = listenerProperties(new HikariConfig());
		putIfPresent(connection, "user", this.dataSource.determineUsername());
		putIfPresent(connection, "password", this.dataSource.determinePassword());
		return DriverManager.getConnection(this.dataSource.determineUrl(), connection);
	}

	// The timeouts bound every call on the connection; waiting for notifications sets its
	// own.
	static Properties listenerProperties(HikariConfig pool) {
		Properties connection = new Properties();
		connection.setProperty("connectTimeout", "5");
		connection.setProperty("socketTimeout", "10");
		connection.putAll(pool.getDataSourceProperties());
		putIfPresent(connection, "user", pool.getUsername());
		putIfPresent(connection, "password", pool.getPassword());
		connection.setProperty("ApplicationName", PostgresSessionChanges.APPLICATION_NAME);
		return connection;
	}

	private static void putIfPresent(Properties properties, String name, @Nullable String value) {
		if (value != null) {
			properties.setProperty(name, value);
		}
	}

	@Bean
	UndecodableSessions undecodableSessions() {
		return new UndecodableSessions();
	}

	// Boot builds the JDBC repository and the session cookie from its properties; Spring
	// Session's filter is handed the cache in front of the one and a strict reader of the
	// other.
	@Bean
	static BeanPostProcessor strictCookiesAndCacheInFrontOfTheStore(ObjectProvider<SessionCache> cache,
			ObjectProvider<UndecodableSessions> undecodable, ObjectProvider<SessionStoreProperties> properties) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof JdbcIndexedSessionRepository store) {
					return new CachingSessionRepository(store, cache.getObject(), undecodable.getObject(),
							properties.getObject().lastAccessWriteInterval(), Clock.systemUTC());
				}
				if (bean instanceof DefaultCookieSerializer cookies) {
					return new StrictSessionCookies(cookies);
				}
				return bean;
			}
		};
	}

	@Bean
	SessionIdGenerator sessionIdGenerator() {
		return new RandomSessionIdGenerator();
	}

	@Bean
	ExpiredSessionCleanup expiredSessionCleanup(DataSource dataSource, SessionStoreProperties cleanup) {
		return new ExpiredSessionCleanup(new JdbcTemplate(dataSource), this.database, cleanup.cleanupBatchSize(),
				Clock.systemUTC());
	}

	@Bean
	FilterRegistrationBean<StoreUnavailableFilter> storeUnavailableFilter(ITemplateEngine templates,
			HeaderWriter securityHeaders, SessionProperties session) {
		FilterRegistrationBean<StoreUnavailableFilter> registration = new FilterRegistrationBean<>(
				new StoreUnavailableFilter(templates, securityHeaders));
		registration.setOrder(session.getServlet().getFilterOrder() - 1);
		return registration;
	}

}
