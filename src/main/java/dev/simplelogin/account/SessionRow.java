package dev.simplelogin.account;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One session as the sessions page shows it.
 *
 * @param handle what the page's forms name the session by: the SHA-256 of its id, never
 * the id
 * @param provider the name of the provider the person signed in with
 * @param signedInAt when the session's sign-in was
 * @param lastActive when it was last used, in words, as precisely as the store knows
 * @param browser a short label of the browser and system it was signed in from
 * @param address the client address it was signed in from
 * @param current whether it is the session of the browser looking at the page
 */
record SessionRow(String handle, String provider, Instant signedInAt, String lastActive, String browser, String address,
		boolean current) {

	private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter
		.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	public String signedIn() {
		return DAY_AND_TIME.format(this.signedInAt);
	}

	/**
	 * The last use of a session in words. The store records it at most once per write
	 * interval, so a session used since then may show the time of an earlier use: the
	 * words never claim more precision than that.
	 * @param lastAccessed the stored last-access time
	 * @param now the time
	 * @param writeInterval {@code simplelogin.session.last-access-write-interval}
	 * @return such as "Within the last minute" or "25 minutes ago"
	 */
	static String lastActive(Instant lastAccessed, Instant now, Duration writeInterval) {
		Duration elapsed = Duration.between(lastAccessed, now);
		if (elapsed.compareTo(writeInterval) < 0) {
			return "Within the last " + span(writeInterval);
		}
		if (elapsed.toMinutes() < 1) {
			return "Less than a minute ago";
		}
		return ((elapsed.toHours() < 1) ? count(elapsed.toMinutes(), "minute") : count(elapsed.toHours(), "hour"))
				+ " ago";
	}

	// In whole minutes only when the interval is whole minutes: "the last minute" for an
	// interval of 90 s would claim more than the store knows.
	private static String span(Duration duration) {
		if (duration.toMinutes() < 1 || duration.toSecondsPart() != 0) {
			return (duration.toSeconds() == 1) ? "second" : count(duration.toSeconds(), "second");
		}
		return (duration.toMinutes() == 1) ? "minute" : count(duration.toMinutes(), "minute");
	}

	private static String count(long amount, String unit) {
		return amount + " " + unit + ((amount == 1) ? "" : "s");
	}

}
