package dev.simplelogin.account;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the sessions page puts a session's times into words, at fixed instants.
 */
class SessionRowTests {

	private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

	private static final Duration DEFAULT_WRITE_INTERVAL = Duration.ofSeconds(60);

	@ParameterizedTest(name = "{0} ago: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			PT0S     | Within the last minute
			PT59.9S  | Within the last minute
			PT1M     | 1 minute ago
			PT1M59S  | 1 minute ago
			PT2M     | 2 minutes ago
			PT25M30S | 25 minutes ago
			PT59M59S | 59 minutes ago
			PT1H     | 1 hour ago
			PT1H59M  | 1 hour ago
			PT5H30M  | 5 hours ago
			PT23H59M | 23 hours ago
			""")
	void lastActiveSaysMinutesThenHoursAgo(Duration elapsed, String words) {
		assertThat(SessionRow.lastActive(NOW.minus(elapsed), NOW, DEFAULT_WRITE_INTERVAL)).isEqualTo(words);
	}

	@ParameterizedTest(name = "interval {0}, {1} ago: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			PT5M  | PT4M  | Within the last 5 minutes
			PT5M  | PT5M  | 5 minutes ago
			PT30S | PT10S | Within the last 30 seconds
			PT30S | PT45S | Less than a minute ago
			PT90S | PT80S | Within the last 90 seconds
			PT90S | PT95S | 1 minute ago
			PT1S  | PT0S  | Within the last second
			""")
	void lastActiveClaimsNoMorePrecisionThanTheWriteInterval(Duration writeInterval, Duration elapsed, String words) {
		assertThat(SessionRow.lastActive(NOW.minus(elapsed), NOW, writeInterval)).isEqualTo(words);
	}

	// Another instance, whose clock is a little ahead, may have written the last access.
	@Test
	void lastAccessAheadOfThisClockIsWithinTheWriteInterval() {
		assertThat(SessionRow.lastActive(NOW.plusSeconds(2), NOW, DEFAULT_WRITE_INTERVAL))
			.isEqualTo("Within the last minute");
	}

	@Test
	void signedInIsTheDayAndTheMinuteInUtc() {
		SessionRow row = new SessionRow("handle", "Demo provider", Instant.parse("2025-05-03T14:03:59.999Z"), "Now",
				"Firefox on Windows", "127.0.0.1", true);

		assertThat(row.signedIn()).isEqualTo("3 May 2025, 14:03 UTC");
	}

}
