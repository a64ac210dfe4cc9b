package dev.simplelogin.session.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.springframework.core.convert.ConversionException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * A stored session as this instance last read it, with its attributes decoded. Requests
 * get copies of it: the snapshot itself never changes. Decoded values are immutable,
 * except the security context (sign-out clears it in place), so each holder gets its own.
 *
 * @param id the session id
 * @param creationTime when the session was created
 * @param lastAccessedTime the last access time the store holds
 * @param maxInactiveInterval the idle timeout
 * @param attributes the decoded attributes
 */
record SessionSnapshot(String id, Instant creationTime, Instant lastAccessedTime, Duration maxInactiveInterval,
		Map<String, Object> attributes) {

	SessionSnapshot {
		attributes = Map.copyOf(attributes);
	}

	/**
	 * Decodes every attribute of a stored session.
	 * @param session the session as the store loaded it
	 * @return its snapshot
	 * @throws ConversionException when an attribute cannot be decoded
	 */
	static SessionSnapshot of(Session session) {
		Map<String, Object> attributes = new HashMap<>();
		for (String name : session.getAttributeNames()) {
			Object value = session.getAttribute(name);
			if (value != null) {
				attributes.put(name, ownCopy(value));
			}
		}
		return new SessionSnapshot(session.getId(), session.getCreationTime(), session.getLastAccessedTime(),
				session.getMaxInactiveInterval(), attributes);
	}

	boolean isExpiredAt(Instant now) {
		return !this.maxInactiveInterval.isNegative()
				&& now.isAfter(this.lastAccessedTime.plus(this.maxInactiveInterval));
	}

	/**
	 * The session as one request sees it while it only reads.
	 * @return a copy the request may change without touching the snapshot
	 */
	MapSession forRequest() {
		MapSession session = new MapSession(this.id);
		session.setCreationTime(this.creationTime);
		session.setLastAccessedTime(this.lastAccessedTime);
		session.setMaxInactiveInterval(this.maxInactiveInterval);
		this.attributes.forEach((name, value) -> session.setAttribute(name, ownCopy(value)));
		return session;
	}

	// The request that loaded the session keeps using the objects it decoded.
	private static Object ownCopy(Object value) {
		return (value instanceof SecurityContext context) ? new SecurityContextImpl(context.getAuthentication())
				: value;
	}

}
