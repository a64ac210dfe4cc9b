package dev.simplelogin.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * One request's view of a session: served from a {@link SessionSnapshot} while the request
 * only reads, and backed by the stored session (loaded on the first change) once it
 * writes. Last-access times are written only when the stored one is older than the
 * configured interval.
 */
final class CachedSession implements Session {

	private final String requestedKey;

	private final @Nullable SessionSnapshot snapshot;

	private final @Nullable Map<String, Object> attributes;

	private final Function<String, @Nullable Session> storeLookup;

	private final Duration lastAccessWriteInterval;

	private @Nullable Session stored;

	private boolean isNew;

	private boolean written;

	private boolean gone;

	private CachedSession(String requestedKey, @Nullable SessionSnapshot snapshot, @Nullable Session stored,
			Function<String, @Nullable Session> storeLookup, Duration lastAccessWriteInterval) {
		this.requestedKey = requestedKey;
		this.snapshot = snapshot;
		this.attributes = (snapshot != null) ? snapshot.attributesForRequest() : null;
		this.stored = stored;
		this.storeLookup = storeLookup;
		this.lastAccessWriteInterval = lastAccessWriteInterval;
	}

	static CachedSession created(Session stored, Duration lastAccessWriteInterval) {
		CachedSession session = new CachedSession(SessionCache.key(stored.getId()), null, stored, (id) -> null,
				lastAccessWriteInterval);
		session.isNew = true;
		session.written = true;
		return session;
	}

	static CachedSession loaded(Session stored, Duration lastAccessWriteInterval) {
		return new CachedSession(SessionCache.key(stored.getId()), null, stored, (id) -> null,
				lastAccessWriteInterval);
	}

	static CachedSession cached(String key, SessionSnapshot snapshot, Function<String, @Nullable Session> storeLookup,
			Duration lastAccessWriteInterval) {
		return new CachedSession(key, snapshot, null, storeLookup, lastAccessWriteInterval);
	}

	String requestedKey() {
		return this.requestedKey;
	}

	/**
	 * The stored session to save, if this request changed anything.
	 * @return the session to hand to the store, or {@code null}
	 */
	@Nullable Session toSave() {
		return (this.written && !this.gone) ? this.stored : null;
	}

	boolean isNew() {
		return this.isNew;
	}

	boolean isGone() {
		return this.gone;
	}

	// The first change of a cached session loads the stored one, so the store's own change
	// tracking decides what to write. If it is gone (ended elsewhere a moment ago), the rest
	// of the request sees an empty session whose changes go nowhere.
	private Session forWriting() {
		if (this.stored == null) {
			Session fresh = this.storeLookup.apply(this.snapshot.id());
			if (fresh == null) {
				this.gone = true;
				fresh = new MapSession(this.snapshot.id());
			}
			this.stored = fresh;
		}
		this.written = true;
		return this.stored;
	}

	@Override
	public String getId() {
		return (this.stored != null) ? this.stored.getId() : this.snapshot.id();
	}

	@Override
	public String changeSessionId() {
		return forWriting().changeSessionId();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getAttribute(String attributeName) {
		return (this.stored != null) ? this.stored.getAttribute(attributeName)
				: (T) this.attributes.get(attributeName);
	}

	@Override
	public Set<String> getAttributeNames() {
		return (this.stored != null) ? this.stored.getAttributeNames() : Set.copyOf(this.attributes.keySet());
	}

	@Override
	public void setAttribute(String attributeName, Object attributeValue) {
		forWriting().setAttribute(attributeName, attributeValue);
	}

	@Override
	public void removeAttribute(String attributeName) {
		forWriting().removeAttribute(attributeName);
	}

	@Override
	public Instant getCreationTime() {
		return (this.stored != null) ? this.stored.getCreationTime() : this.snapshot.creationTime();
	}

	// Every request sets this; the store hears of it only when its value is old enough.
	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		Instant storedTime = getLastAccessedTime();
		if (this.isNew || !lastAccessedTime.isBefore(storedTime.plus(this.lastAccessWriteInterval))) {
			forWriting().setLastAccessedTime(lastAccessedTime);
		}
	}

	@Override
	public Instant getLastAccessedTime() {
		return (this.stored != null) ? this.stored.getLastAccessedTime() : this.snapshot.lastAccessedTime();
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		forWriting().setMaxInactiveInterval(interval);
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return (this.stored != null) ? this.stored.getMaxInactiveInterval() : this.snapshot.maxInactiveInterval();
	}

	@Override
	public boolean isExpired() {
		return (this.stored != null) ? this.stored.isExpired() : this.snapshot.isExpiredAt(Instant.now());
	}

}
