package dev.simplelogin.session.cache;

import java.time.Clock;

import dev.simplelogin.session.SessionStoreProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Puts the cache of decoded sessions in front of the JDBC repository that Boot builds.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionStoreProperties.class)
class SessionCacheConfiguration {

	/**
	 * The cache is trusted from the start only where this process is the database's one
	 * user (embedded H2). On PostgreSQL it is trusted while the listener of
	 * {@code session.postgres} hears every change; on other databases, never.
	 * @param dataSource where the sessions are stored
	 * @param properties the store's settings
	 * @return the cache
	 */
	@Bean
	SessionCache sessionCache(DataSourceProperties dataSource, SessionStoreProperties properties) {
		String url = dataSource.determineUrl();
		boolean embedded = url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:mem:");
		return new SessionCache(properties.cacheSize(), embedded);
	}

	@Bean
	UndecodableSessions undecodableSessions() {
		return new UndecodableSessions();
	}

	// Spring Session's filter is handed the cache in front of the repository Boot builds.
	@Bean
	static BeanPostProcessor cacheInFrontOfTheStore(ObjectProvider<SessionCache> cache,
			ObjectProvider<UndecodableSessions> undecodable, ObjectProvider<SessionStoreProperties> properties) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof JdbcIndexedSessionRepository store) {
					return new CachingSessionRepository(store, cache.getObject(), undecodable.getObject(),
							properties.getObject().lastAccessWriteInterval(), Clock.systemUTC());
				}
				return bean;
			}
		};
	}

}
