package dev.simplelogin.session.cache;

import dev.simplelogin.session.SessionKey;
import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCacheTests {

	private final MapSession session = new MapSession();

	private final SessionKey key = SessionKey.of(this.session.getId());

	@Test
	void listenedCacheIsUsedWhileItsListenerHasLatelyReadEveryAnnouncement() {
		SessionCache cache = listened();

		cache.heardAllBefore(System.nanoTime());

		assertThat(cache.get(this.key)).isNotNull();
	}

	@Test
	void listenedCacheIsNotUsedOnceItsListenerFellBehind() {
		SessionCache cache = listened();

		cache.heardAllBefore(System.nanoTime() - SessionCache.HEARD_WITHIN.toNanos() - 1);

		assertThat(cache.get(this.key)).isNull();
		cache.heardAllBefore(System.nanoTime());
		assertThat(cache.get(this.key)).isNotNull();
	}

	@Test
	void cacheTrustedFromTheStartWaitsForNoListener() {
		SessionCache cache = new SessionCache(100, true);

		cache.put(this.key, SessionSnapshot.of(this.session), cache.generation(this.key));

		assertThat(cache.get(this.key)).isNotNull();
	}

	// As on PostgreSQL: trusted by the listener once it hears every announcement.
	private SessionCache listened() {
		SessionCache cache = new SessionCache(100, false);
		cache.trust(true);
		cache.put(this.key, SessionSnapshot.of(this.session), cache.generation(this.key));
		return cache;
	}

}
