package dev.simplelogin.security.logout;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.session.FindByIndexNameSessionRepository;

/**
 * Back-channel logout: its endpoint, the sessions by provider session and person, and the
 * logout tokens already used, all in the session store's database.
 */
@Configuration(proxyBeanMethods = false)
class BackChannelLogoutConfiguration {

	@Bean
	LogoutTokenReplays logoutTokenReplays(DataSource dataSource) {
		return new LogoutTokenReplays(new JdbcTemplate(dataSource), Clock.systemUTC());
	}

	@Bean
	BackChannelLogout backChannelLogout(ClientRegistrationRepository registrations, LogoutTokenDecoders decoders,
			LogoutTokenReplays replays, DataSource dataSource, PlatformTransactionManager transactionManager,
			FindByIndexNameSessionRepository<?> sessionRepository, ApplicationEventPublisher events) {
		ProviderSessions sessions = new ProviderSessions(new JdbcTemplate(dataSource),
				new TransactionTemplate(transactionManager), sessionRepository);
		return new BackChannelLogout(new BackChannelLogoutFilter(registrations, decoders, replays, sessions, events),
				sessions);
	}

}
