package dev.simplelogin.account;

import java.time.Clock;

import dev.simplelogin.session.SessionStoreProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * The sessions page's parts, on the session repository that Spring Session's filter uses
 * (the cache in front of the JDBC store), so that an ended session is forgotten by every
 * instance.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionStoreProperties.class)
class AccountConfiguration {

	@Bean
	OwnSessions ownSessions(FindByIndexNameSessionRepository<? extends Session> sessions,
			ClientRegistrationRepository registrations, SessionStoreProperties properties,
			ApplicationEventPublisher events) {
		return new OwnSessions(sessions, registrations, properties.maxAge(), properties.lastAccessWriteInterval(),
				Clock.systemUTC(), events);
	}

	@Bean
	SessionCount sessionCount(JdbcTemplate jdbc, SessionStoreProperties properties) {
		return new SessionCount(jdbc, properties.maxAge(), Clock.systemUTC());
	}

}
