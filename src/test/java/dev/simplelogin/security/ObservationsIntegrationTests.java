package dev.simplelogin.security;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring Security reports to Micrometer: access decisions and sign-ins, but not a
 * timer around each filter of the chain, which costs every request.
 */
@AppWithDemoProviderTest
class ObservationsIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Test
	void accessDecisionsAreObservedButNotEachFilterOfTheChain() {
		new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", TestProviders.demo().account("alice"));

		assertThat(this.meters.find("spring.security.authorizations").timers()).isNotEmpty();
		assertThat(this.meters.find("spring.security.filterchains").timers()).isEmpty();
		assertThat(this.meters.find("http.server.requests").timers()).isNotEmpty();
	}

}
