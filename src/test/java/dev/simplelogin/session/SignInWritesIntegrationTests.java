package dev.simplelogin.session;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.CountedTransactions;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a sign-in costs the session store: the whole flow, from the protected page to its
 * answer, commits twice (the session with its sign-in record and CSRF token, and its link
 * to the provider's session), and the next page of it not at all.
 */
@AppWithDemoProviderTest(properties = "simplelogin.session.cleanup-cron=-")
@Import(CountedTransactions.class)
class SignInWritesIntegrationTests {

	@Autowired
	private CountedTransactions transactions;

	@LocalServerPort
	private int port;

	@Test
	void wholeSignInCommitsTwiceAndTheNextPageNever() {
		HttpFlow browser = new HttpFlow("http://127.0.0.1:" + this.port);
		int before = this.transactions.commits();

		assertThat(browser.signIn("/secret", TestProviders.demo().account("alice")).statusCode()).isEqualTo(200);
		int signIn = this.transactions.commits() - before;
		assertThat(browser.get("/secret").statusCode()).isEqualTo(200);

		assertThat(signIn).isEqualTo(2);
		assertThat(this.transactions.commits() - before).isEqualTo(2);
	}

}
