package dev.simplelogin.security.logout;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.session.FindByIndexNameSessionRepository;

import static org.mockito.Mockito.mock;

/**
 * Back-channel logout for web-slice tests, which have no database: the endpoint is there,
 * its stores are not (nothing in those tests posts a logout token or signs in).
 */
public class WebSliceBackChannelLogout {

	@Bean
	BackChannelLogout backChannelLogout(ClientRegistrationRepository registrations, LogoutTokenDecoders decoders) {
		ProviderSessions sessions = new ProviderSessions(new JdbcTemplate(), TransactionOperations.withoutTransaction(),
				mock(FindByIndexNameSessionRepository.class));
		return new BackChannelLogout(new BackChannelLogoutFilter(registrations, decoders,
				new LogoutTokenReplays(new JdbcTemplate(), Clock.systemUTC()), sessions, (event) -> {
				}), sessions);
	}

}
