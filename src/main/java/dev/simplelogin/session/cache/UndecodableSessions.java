package dev.simplelogin.session.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.simplelogin.session.SessionKey;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.convert.ConversionException;

/**
 * Stored sessions this instance cannot decode: corrupt, or written by a newer version
 * during a rolling upgrade. Such a session counts as no session for the request that met
 * it, and its row stays: an instance that can read it serves its owner as before, and
 * expiry removes it otherwise. Each row is logged once (by the hash of its id) and every
 * read of one is counted ({@code simplelogin.sessions.undecodable}).
 */
final class UndecodableSessions implements MeterBinder {

	private static final Log logger = LogFactory.getLog(UndecodableSessions.class);

	// Longer than any session lives, so a row is not logged again while it exists.
	private final Cache<SessionKey, Boolean> logged = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofDays(1))
		.build();

	private final AtomicLong reads = new AtomicLong();

	void report(SessionKey key, ConversionException failure) {
		this.reads.incrementAndGet();
		if (this.logged.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
			// The cause's type says why; its message may quote stored data, so only at
			// debug.
			logger.warn(("A stored session (%s) could not be decoded (%s): it counts as no session here and stays "
					+ "in the store for an instance that can read it")
				.formatted(key.abbreviated(), failure.getMostSpecificCause().getClass().getSimpleName()));
			logger.debug("Undecodable session", failure);
		}
	}

	/** How many reads met a session that could not be decoded. */
	long reads() {
		return this.reads.get();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("simplelogin.sessions.undecodable", this, UndecodableSessions::reads)
			.description("Reads of stored sessions that this instance could not decode")
			.register(registry);
	}

}
