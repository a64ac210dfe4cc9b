package dev.simplelogin.session.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import dev.simplelogin.session.SessionKey;
import dev.simplelogin.session.StoreUnreachable;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionException;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Spring Session's JDBC repository with a {@link SessionCache} in front and last-access
 * writes throttled. A request of a signed-in person normally reads nothing from the
 * database and writes nothing back; the store is read on a cache miss or before the first
 * change, and written when something changed or the stored last-access time is older than
 * {@code simplelogin.session.last-access-write-interval}.
 */
final class CachingSessionRepository implements FindByIndexNameSessionRepository<CachedSession> {

	private static final int LOCK_STRIPES = 64;

	private final FindByIndexNameSessionRepository<Session> store;

	private final SessionCache cache;

	private final UndecodableSessions undecodable;

	private final Duration lastAccessWriteInterval;

	private final Clock clock;

	private final Lock[] saveLocks = new Lock[LOCK_STRIPES];

	@SuppressWarnings("unchecked")
	CachingSessionRepository(FindByIndexNameSessionRepository<? extends Session> store, SessionCache cache,
			UndecodableSessions undecodable, Duration lastAccessWriteInterval, Clock clock) {
		// Only sessions this store made are handed back to it.
		this.store = (FindByIndexNameSessionRepository<Session>) store;
		this.cache = cache;
		this.undecodable = undecodable;
		this.lastAccessWriteInterval = lastAccessWriteInterval;
		this.clock = clock;
		for (int i = 0; i < LOCK_STRIPES; i++) {
			this.saveLocks[i] = new ReentrantLock();
		}
	}

	@Override
	public CachedSession createSession() {
		return CachedSession.created(this.store.createSession(), this.lastAccessWriteInterval);
	}

	@Override
	public @Nullable CachedSession findById(String id) {
		SessionKey key = SessionKey.of(id);
		SessionSnapshot cached = this.cache.get(key);
		if (cached != null && !cached.isExpiredAt(this.clock.instant())) {
			return CachedSession.cached(key, cached, this::findReadable, this.lastAccessWriteInterval);
		}
		long generation = this.cache.generation(key);
		Session stored = this.store.findById(id);
		SessionSnapshot snapshot = (stored != null) ? decode(key, stored) : null;
		if (snapshot == null) {
			return null;
		}
		this.cache.put(key, snapshot, generation);
		return CachedSession.loaded(stored, this.lastAccessWriteInterval);
	}

	// What the first change of a cached session writes to.
	private @Nullable Session findReadable(String id) {
		Session stored = this.store.findById(id);
		return (stored != null && decode(SessionKey.of(id), stored) != null) ? stored : null;
	}

	// Every attribute is decoded here, so that a session this version cannot read is no
	// session at all, rather than a failure wherever an attribute is first read.
	private @Nullable SessionSnapshot decode(SessionKey key, Session stored) {
		try {
			return SessionSnapshot.of(stored);
		}
		catch (ConversionException ex) {
			this.undecodable.report(key, ex);
			return null;
		}
	}

	@Override
	public void save(CachedSession session) {
		if (session.isGone()) {
			this.cache.invalidate(session.requestedKey());
			return;
		}
		Session stored = session.toSave();
		if (stored == null) {
			return;
		}
		SessionKey key = SessionKey.of(stored.getId());
		long generation = this.cache.generation(key);
		// Two requests of one session that add the same attribute would otherwise race to
		// insert it; across instances, the database's upsert settles it.
		RuntimeException unreachable = session.unreachable();
		if (unreachable != null) {
			throw unreachable;
		}
		Lock lock = this.saveLocks[Math.floorMod(session.requestedKey().hashCode(), LOCK_STRIPES)];
		lock.lock();
		try {
			this.store.save(stored);
		}
		catch (RuntimeException ex) {
			if (StoreUnreachable.causedBy(ex)) {
				session.storeUnreachable(ex);
			}
			throw ex;
		}
		finally {
			lock.unlock();
		}
		if (!session.isNew()) {
			this.cache.invalidate(session.requestedKey());
		}
		if (session.isNew() || !key.equals(session.requestedKey())) {
			keepFresh(key, stored, generation);
		}
	}

	// A new session, or a new id (sign-in makes one or the other), is known to no other
	// request yet, so this request holds the whole session: kept, the first page after
	// sign-in reads nothing. Where the store announces every change (PostgreSQL), this
	// instance hears its own save and drops it.
	private void keepFresh(SessionKey key, Session stored, long generation) {
		SessionSnapshot snapshot = decode(key, stored);
		if (snapshot != null) {
			this.cache.put(key, snapshot, generation);
		}
		else {
			this.cache.invalidate(key);
		}
	}

	@Override
	public void deleteById(String id) {
		this.store.deleteById(id);
		this.cache.invalidate(SessionKey.of(id));
	}

	@Override
	public Map<String, CachedSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		Map<String, CachedSession> sessions = new LinkedHashMap<>();
		this.store.findByIndexNameAndIndexValue(indexName, indexValue)
			.forEach((id, stored) -> sessions.put(id, CachedSession.loaded(stored, this.lastAccessWriteInterval)));
		return sessions;
	}

}
