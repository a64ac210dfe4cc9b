package dev.simplelogin.session.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

import dev.simplelogin.session.SessionKey;
import org.jspecify.annotations.Nullable;

import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * One request's view of a session: a copy of a {@link SessionSnapshot} while the request
 * only reads, and the stored session (loaded on the first change) once it writes.
 * Last-access times are written only when the stored one is older than the configured
 * interval.
 */
final class CachedSession implements Session {

	private final SessionKey requestedKey;

	private final @Nullable Function<String, @Nullable Session> storeLookup;

	private final Duration lastAccessWriteInterval;

	// The snapshot's copy until the first change, then the stored session.
	private Session current;

	private boolean isNew;

	private boolean written;

	private boolean gone;

	// Spring Session saves a session when the response commits and again when the
	// request ends: after the first found the store out of reach, the second would wait
	// for a connection as long again before the 503 could go out.
	private @Nullable RuntimeException unreachable;

	private CachedSession(SessionKey requestedKey, Session current,
			@Nullable Function<String, @Nullable Session> storeLookup, Duration lastAccessWriteInterval) {
		this.requestedKey = requestedKey;
		this.current = current;
		this.storeLookup = storeLookup;
		this.lastAccessWriteInterval = lastAccessWriteInterval;
	}

	static CachedSession created(Session stored, Duration lastAccessWriteInterval) {
		CachedSession session = loaded(stored, lastAccessWriteInterval);
		session.isNew = true;
		session.written = true;
		return session;
	}

	static CachedSession loaded(Session stored, Duration lastAccessWriteInterval) {
		return new CachedSession(SessionKey.of(stored.getId()), stored, null, lastAccessWriteInterval);
	}

	static CachedSession cached(SessionKey key, SessionSnapshot snapshot,
			Function<String, @Nullable Session> storeLookup, Duration lastAccessWriteInterval) {
		return new CachedSession(key, snapshot.forRequest(), storeLookup, lastAccessWriteInterval);
	}

	SessionKey requestedKey() {
		return this.requestedKey;
	}

	/**
	 * The stored session to save, if this request changed anything.
	 * @return the session to hand to the store, or {@code null}
	 */
	@Nullable Session toSave() {
		return (this.written && !this.gone) ? this.current : null;
	}

	boolean isNew() {
		return this.isNew;
	}

	boolean isGone() {
		return this.gone;
	}

	@Nullable RuntimeException unreachable() {
		return this.unreachable;
	}

	void storeUnreachable(RuntimeException failure) {
		this.unreachable = failure;
	}

	// The first change of a cached session loads the stored one, so the store's own
	// change tracking decides what to write. If it is gone (ended elsewhere a moment
	// ago), the rest of the request sees an empty session whose changes go nowhere.
	private Session forWriting() {
		if (this.storeLookup != null && !this.written) {
			Session fresh = this.storeLookup.apply(this.current.getId());
			if (fresh == null) {
				this.gone = true;
				fresh = new MapSession(this.current.getId());
			}
			this.current = fresh;
		}
		this.written = true;
		return this.current;
	}

	@Override
	public String getId() {
		return this.current.getId();
	}

	@Override
	public String changeSessionId() {
		return forWriting().changeSessionId();
	}

	@Override
	public <T> @Nullable T getAttribute(String attributeName) {
		return this.current.getAttribute(attributeName);
	}

	@Override
	public Set<String> getAttributeNames() {
		return this.current.getAttributeNames();
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
		return this.current.getCreationTime();
	}

	// Every request sets this; the store hears of it only when its value is old enough.
	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		if (this.isNew || !lastAccessedTime.isBefore(getLastAccessedTime().plus(this.lastAccessWriteInterval))) {
			forWriting().setLastAccessedTime(lastAccessedTime);
		}
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.current.getLastAccessedTime();
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		forWriting().setMaxInactiveInterval(interval);
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.current.getMaxInactiveInterval();
	}

	@Override
	public boolean isExpired() {
		return this.current.isExpired();
	}

}
