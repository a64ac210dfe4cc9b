package dev.simplelogin.session.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.simplelogin.session.SessionKey;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Decoded sessions kept in memory, so that most requests of a signed-in person need no
 * database round trip. Entries are keyed by {@link SessionKey}, the hash that the
 * database announces when a session changes or is deleted.
 * <p>
 * The cache is only used while it is {@linkplain #trust trusted}: while this instance
 * might miss another instance's announcement, every request goes to the store. Where
 * changes are announced (PostgreSQL), it is also used only while the listener has lately
 * read every announcement ({@link #heardAllBefore}): a listener that fell behind (its
 * process paused, its thread starved on a busy machine) would otherwise let an ended
 * session be served after the bound the app promises.
 * <p>
 * Meters: Micrometer's Caffeine meters under {@code cache=sessions} (hits and misses of
 * the trusted cache, size, evictions), the invalidations heard, and whether the cache is
 * trusted.
 */
public final class SessionCache implements MeterBinder {

	private static final int STRIPES = 1024;

	private final Cache<SessionKey, SessionSnapshot> snapshots;

	// Invalidations counted per stripe of keys, plus those of everything: a fill is
	// dropped only when its own stripe saw one, so churn elsewhere does not keep a
	// session uncached.
	private final AtomicLongArray invalidations = new AtomicLongArray(STRIPES);

	private final AtomicLong invalidationsOfAll = new AtomicLong();

	private final LongAdder invalidated = new LongAdder();

	private final boolean enabled;

	/**
	 * How recently the listener must have read everything announced: half the 100 ms
	 * within which an ended session is refused everywhere, the rest left for the database
	 * to deliver the announcement.
	 */
	public static final Duration HEARD_WITHIN = Duration.ofMillis(50);

	private volatile boolean trusted;

	// A cache trusted from the start has no listener to wait for (embedded H2: this
	// process is the database's only user).
	private final boolean listened;

	private volatile long heardAllBefore;

	SessionCache(long maximumSize, boolean trusted) {
		this.snapshots = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
		this.enabled = maximumSize > 0;
		this.trusted = trusted && this.enabled;
		this.listened = !trusted;
	}

	@Nullable SessionSnapshot get(SessionKey key) {
		return (this.trusted && caughtUp()) ? this.snapshots.getIfPresent(key) : null;
	}

	private boolean caughtUp() {
		return !this.listened || System.nanoTime() - this.heardAllBefore < HEARD_WITHIN.toNanos();
	}

	/**
	 * Says that every announcement that reached this instance before the given moment has
	 * been handled.
	 * @param nanoTime a {@link System#nanoTime()} reading
	 */
	public void heardAllBefore(long nanoTime) {
		this.heardAllBefore = nanoTime;
	}

	/**
	 * Marks the start of a read from the store.
	 * @param key the session's key
	 * @return what {@link #put} needs to tell whether the read raced an invalidation
	 */
	long generation(SessionKey key) {
		// Both only count up, so the sum changes whenever either does.
		return this.invalidations.get(stripe(key)) + this.invalidationsOfAll.get();
	}

	static int stripe(SessionKey key) {
		return Math.floorMod(key.hash().hashCode(), STRIPES);
	}

	/**
	 * Keeps a snapshot read from the store, unless an invalidation arrived since the read
	 * began: the snapshot could then be older than the change announced.
	 * @param key the session's key
	 * @param snapshot what the store returned
	 * @param generation {@link #generation(SessionKey)} taken before the read
	 */
	void put(SessionKey key, SessionSnapshot snapshot, long generation) {
		if (!this.trusted || generation(key) != generation) {
			return;
		}
		this.snapshots.put(key, snapshot);
		// An invalidation between the check and the put has counted up first: undo.
		if (generation(key) != generation) {
			this.snapshots.invalidate(key);
		}
	}

	public void invalidate(SessionKey key) {
		this.invalidated.increment();
		this.invalidations.incrementAndGet(stripe(key));
		this.snapshots.invalidate(key);
	}

	public void invalidateAll() {
		this.invalidated.increment();
		this.invalidationsOfAll.incrementAndGet();
		this.snapshots.invalidateAll();
	}

	/**
	 * Starts or stops using the cache. Either way it is emptied: what was announced while
	 * nobody listened is unknown.
	 * @param trusted whether every change in the store is now announced to this instance
	 */
	public void trust(boolean trusted) {
		this.trusted = false;
		this.invalidationsOfAll.incrementAndGet();
		this.snapshots.invalidateAll();
		this.trusted = trusted && this.enabled;
	}

	public boolean isTrusted() {
		return this.trusted;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		CaffeineCacheMetrics.monitor(registry, this.snapshots, "sessions");
		FunctionCounter.builder("simplelogin.sessions.cache.invalidations", this.invalidated, LongAdder::sum)
			.description(
					"Sessions dropped from the cache because they changed or ended (a whole-cache drop counts one)")
			.register(registry);
		Gauge.builder("simplelogin.sessions.cache.trusted", this, (cache) -> cache.isTrusted() ? 1 : 0)
			.description("1 while the session cache is in use, 0 while every request reads the store")
			.register(registry);
	}

	long size() {
		this.snapshots.cleanUp();
		return this.snapshots.estimatedSize();
	}

}
