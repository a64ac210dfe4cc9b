package dev.simplelogin.testsupport;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures how soon an ended session is refused: the bound a test holds it to is the
 * README's promise for every instance.
 */
public final class Refusal {

	private Refusal() {
	}

	/**
	 * Asks for the secret page until the session is refused (sent to sign in), for at
	 * most 5 s. The delay runs from now to the sending of the first refused request: that
	 * request was refused on arrival, and its own round trip is no part of the delay.
	 * @param browser the browser whose session was ended
	 * @return how long after now a request was first refused
	 */
	public static Duration of(HttpFlow browser) {
		long started = System.nanoTime();
		long deadline = started + Duration.ofSeconds(5).toNanos();
		long sent = System.nanoTime();
		HttpResponse<String> response = browser.get("/secret");
		while (response.statusCode() == 200) {
			assertThat(System.nanoTime()).as("refused within 5 s").isLessThan(deadline);
			sent = System.nanoTime();
			response = browser.get("/secret");
		}
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(response)).hasPath("/login");
		return Duration.ofNanos(sent - started);
	}

}
