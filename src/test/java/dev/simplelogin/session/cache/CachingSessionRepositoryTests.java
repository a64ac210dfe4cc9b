package dev.simplelogin.session.cache;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.simplelogin.session.SessionKey;
import org.junit.jupiter.api.Test;

import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingSessionRepositoryTests {

	// Spring Session's in-memory store checks expiry against the real clock.
	private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private final CountingStore store = new CountingStore();

	private final SessionCache cache = new SessionCache(100, true);

	private final MutableClock clock = new MutableClock();

	private final UndecodableSessions undecodable = new UndecodableSessions();

	private final CachingSessionRepository sessions = new CachingSessionRepository(this.store, this.cache,
			this.undecodable, Duration.ofSeconds(60), this.clock);

	@Test
	void unchangedSessionIsReadFromTheStoreOnce() {
		String id = savedSession();

		for (int i = 0; i < 10; i++) {
			CachedSession session = this.sessions.findById(id);
			session.setLastAccessedTime(this.clock.instant());
			assertThat((String) session.getAttribute("colour")).isEqualTo("blue");
			this.sessions.save(session);
		}

		assertThat(this.store.reads).hasValue(1);
		assertThat(this.store.saves).hasValue(0);
	}

	@Test
	void lastAccessIsWrittenOnlyOnceTheStoredOneIsOlderThanTheInterval() {
		String id = savedSession();

		access(id, START.plusSeconds(59));
		assertThat(this.store.stored(id).getLastAccessedTime()).isEqualTo(START);

		access(id, START.plusSeconds(60));
		assertThat(this.store.stored(id).getLastAccessedTime()).isEqualTo(START.plusSeconds(60));
	}

	@Test
	void changeIsWrittenAndSeenByTheNextRequest() {
		String id = savedSession();
		this.sessions.findById(id);

		CachedSession changing = this.sessions.findById(id);
		changing.setAttribute("colour", "green");
		this.sessions.save(changing);

		assertThat((String) this.store.stored(id).getAttribute("colour")).isEqualTo("green");
		assertThat((String) this.sessions.findById(id).getAttribute("colour")).isEqualTo("green");
	}

	@Test
	void newIdIsWrittenAndTheOldOneNoLongerFound() {
		String id = savedSession();
		CachedSession session = this.sessions.findById(id);

		String newId = session.changeSessionId();
		this.sessions.save(session);

		assertThat(this.sessions.findById(id)).isNull();
		assertThat(this.sessions.findById(newId)).isNotNull();
	}

	@Test
	void newIdIsServedFromMemoryRightAfterItIsWritten() {
		String id = savedSession();
		CachedSession session = this.sessions.findById(id);
		String newId = session.changeSessionId();
		session.setAttribute("colour", "green");
		this.sessions.save(session);
		this.store.reads.set(0);

		CachedSession next = this.sessions.findById(newId);

		assertThat((String) next.getAttribute("colour")).isEqualTo("green");
		assertThat(this.store.reads).hasValue(0);
	}

	@Test
	void newIdAnnouncedChangedDuringItsWriteIsNotKept() {
		String id = savedSession();
		CachedSession session = this.sessions.findById(id);
		String newId = session.changeSessionId();
		this.store.duringSave = () -> this.cache.invalidate(SessionKey.of(newId));
		this.sessions.save(session);
		this.store.reads.set(0);

		this.sessions.findById(newId);

		assertThat(this.store.reads).hasValue(1);
	}

	@Test
	void savesOfOneSessionNeverOverlap() throws Exception {
		String id = savedSession();
		AtomicInteger saving = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		// A slow store, so that saves that are not kept apart meet inside it.
		this.store.duringSave = () -> {
			if (saving.incrementAndGet() > 1) {
				overlaps.incrementAndGet();
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			saving.decrementAndGet();
		};
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Void>> requests = IntStream.range(0, 8)
				.mapToObj((i) -> CompletableFuture.runAsync(() -> {
					CachedSession session = this.sessions.findById(id);
					session.setAttribute("colour", "colour " + i);
					awaitQuietly(start);
					this.sessions.save(session);
				}, threads))
				.toList();

			start.countDown();
			requests.forEach(CompletableFuture::join);
		}
		finally {
			threads.shutdownNow();
		}

		assertThat(this.store.saves).hasValue(8);
		assertThat(overlaps).hasValue(0);
	}

	@Test
	void deletedSessionIsNotServedFromMemory() {
		String id = savedSession();
		this.sessions.findById(id);

		this.sessions.deleteById(id);

		assertThat(this.sessions.findById(id)).isNull();
	}

	@Test
	void announcedChangeSendsTheNextRequestToTheStore() {
		String id = savedSession();
		this.sessions.findById(id);
		this.store.delegate.deleteById(id);

		this.cache.invalidate(SessionKey.of(id));

		assertThat(this.sessions.findById(id)).isNull();
	}

	@Test
	void untrustedCacheSendsEveryRequestToTheStore() {
		String id = savedSession();
		this.cache.trust(false);

		this.sessions.findById(id);
		this.sessions.findById(id);

		assertThat(this.store.reads).hasValue(2);
	}

	@Test
	void expiredCopyIsNotServedButTheStoreAsked() {
		String id = savedSession();
		this.sessions.findById(id);
		this.sessions.findById(id);

		this.clock.now = START.plus(Duration.ofMinutes(31));
		this.sessions.findById(id);

		assertThat(this.store.reads).hasValue(2);
	}

	@Test
	void changeToASessionDeletedElsewhereIsDropped() {
		String id = savedSession();
		this.sessions.findById(id);
		CachedSession session = this.sessions.findById(id);
		this.store.delegate.deleteById(id);

		session.setAttribute("colour", "red");
		this.sessions.save(session);

		assertThat(this.store.stored(id)).isNull();
		assertThat(this.sessions.findById(id)).isNull();
	}

	@Test
	void requestThatFillsTheCacheKeepsItsOwnSecurityContext() {
		String id = savedSession();

		SecurityContext filling = this.sessions.findById(id).getAttribute("SPRING_SECURITY_CONTEXT");
		filling.setAuthentication(null);

		SecurityContext next = this.sessions.findById(id).getAttribute("SPRING_SECURITY_CONTEXT");
		assertThat(next.getAuthentication()).isNotNull();
	}

	@Test
	void signingOutInOneRequestLeavesTheSecurityContextOfOthersAlone() {
		String id = savedSession();
		this.sessions.findById(id);

		SecurityContext signingOut = this.sessions.findById(id).getAttribute("SPRING_SECURITY_CONTEXT");
		signingOut.setAuthentication(null);

		SecurityContext other = this.sessions.findById(id).getAttribute("SPRING_SECURITY_CONTEXT");
		assertThat(other.getAuthentication()).isNotNull();
	}

	@Test
	void snapshotReadBeforeAnInvalidationIsNotKept() {
		String id = savedSession();
		SessionKey key = SessionKey.of(id);
		long generation = this.cache.generation(key);
		SessionSnapshot readBefore = SessionSnapshot.of(this.store.delegate.findById(id));

		this.cache.invalidate(key);
		this.cache.put(key, readBefore, generation);

		assertThat(this.cache.get(key)).isNull();
	}

	@Test
	void invalidationOfAnotherSessionDoesNotDropAFill() {
		String id = savedSession();
		SessionKey key = SessionKey.of(id);
		SessionKey other = IntStream.range(0, 100)
			.mapToObj((i) -> SessionKey.of("other" + i))
			.filter((candidate) -> SessionCache.stripe(candidate) != SessionCache.stripe(key))
			.findFirst()
			.orElseThrow();
		long generation = this.cache.generation(key);
		SessionSnapshot read = SessionSnapshot.of(this.store.delegate.findById(id));

		this.cache.invalidate(other);
		this.cache.put(key, read, generation);

		assertThat(this.cache.get(key)).isNotNull();
	}

	@Test
	void newSessionIsServedFromMemoryRightAfterItIsWritten() {
		CachedSession created = this.sessions.createSession();
		created.setAttribute("colour", "blue");
		this.sessions.save(created);
		this.store.reads.set(0);

		assertThat((String) this.sessions.findById(created.getId()).getAttribute("colour")).isEqualTo("blue");
		assertThat(this.store.reads).hasValue(0);
	}

	@Test
	void undecodableStoredSessionCountsAsNoSessionAndStays() {
		String id = savedSession();
		this.store.undecodable.add(id);

		assertThat(this.sessions.findById(id)).isNull();
		assertThat(this.sessions.findById(id)).isNull();

		assertThat(this.store.stored(id)).isNotNull();
		assertThat(this.undecodable.reads()).isEqualTo(2);
	}

	@Test
	void cachedSessionWhoseStoredCopyCannotBeDecodedWritesNothing() {
		String id = savedSession();
		this.sessions.findById(id);
		CachedSession cached = this.sessions.findById(id);
		this.store.undecodable.add(id);
		int saves = this.store.saves.get();

		cached.setAttribute("colour", "green");
		this.sessions.save(cached);

		assertThat(cached.isGone()).isTrue();
		assertThat(this.store.saves).hasValue(saves);
		assertThat((String) this.store.stored(id).getAttribute("colour")).isEqualTo("blue");
	}

	@Test
	void saveThatFoundTheStoreUnreachableIsNotTriedAgainByTheSameRequest() {
		CachedSession session = this.sessions.createSession();
		this.store.duringSave = () -> {
			throw new CannotGetJdbcConnectionException("pool timed out", new SQLTransientConnectionException());
		};

		assertThatThrownBy(() -> this.sessions.save(session)).isInstanceOf(CannotGetJdbcConnectionException.class);
		assertThatThrownBy(() -> this.sessions.save(session)).isInstanceOf(CannotGetJdbcConnectionException.class);

		assertThat(this.store.saves).hasValue(1);
	}

	@Test
	void saveThatFailedForAnotherReasonIsTriedAgain() {
		CachedSession session = this.sessions.createSession();
		this.store.duringSave = () -> {
			throw new IllegalStateException("duplicate attribute");
		};

		assertThatThrownBy(() -> this.sessions.save(session)).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> this.sessions.save(session)).isInstanceOf(IllegalStateException.class);

		assertThat(this.store.saves).hasValue(2);
	}

	private String savedSession() {
		CachedSession session = this.sessions.createSession();
		session.setLastAccessedTime(START);
		session.setMaxInactiveInterval(Duration.ofMinutes(30));
		session.setAttribute("colour", "blue");
		session.setAttribute("SPRING_SECURITY_CONTEXT",
				new SecurityContextImpl(new TestingAuthenticationToken("alice", "n/a", "ROLE_USER")));
		this.sessions.save(session);
		// As if stored earlier, or by another instance: not in this one's memory.
		this.cache.invalidate(SessionKey.of(session.getId()));
		this.store.reads.set(0);
		this.store.saves.set(0);
		this.clock.now = START;
		return session.getId();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void access(String id, Instant at) {
		this.clock.now = at;
		CachedSession session = this.sessions.findById(id);
		session.setLastAccessedTime(at);
		this.sessions.save(session);
	}

	/**
	 * Spring Session's in-memory repository, counting what reaches it; sessions named in
	 * {@link #undecodable} fail to decode their attributes, as a row written by another
	 * version does.
	 */
	static final class CountingStore implements FindByIndexNameSessionRepository<Session> {

		final MapSessionRepository delegate = new MapSessionRepository(new ConcurrentHashMap<>());

		final AtomicInteger reads = new AtomicInteger();

		final AtomicInteger saves = new AtomicInteger();

		final Set<String> undecodable = ConcurrentHashMap.newKeySet();

		MapSession stored(String id) {
			return this.delegate.findById(id);
		}

		@Override
		public MapSession createSession() {
			return this.delegate.createSession();
		}

		Runnable duringSave = () -> {
		};

		@Override
		public void save(Session session) {
			this.saves.incrementAndGet();
			this.delegate.save((MapSession) session);
			this.duringSave.run();
		}

		@Override
		public Session findById(String id) {
			this.reads.incrementAndGet();
			MapSession stored = this.delegate.findById(id);
			return (stored != null && this.undecodable.contains(id)) ? new Undecodable(stored) : stored;
		}

		@Override
		public void deleteById(String id) {
			this.delegate.deleteById(id);
		}

		@Override
		public Map<String, Session> findByIndexNameAndIndexValue(String indexName, String indexValue) {
			return Map.of();
		}

	}

	/** A stored session whose attributes this version cannot decode. */
	record Undecodable(MapSession stored) implements Session {

		@Override
		public String getId() {
			return this.stored.getId();
		}

		@Override
		public String changeSessionId() {
			return this.stored.changeSessionId();
		}

		@Override
		public <T> T getAttribute(String attributeName) {
			throw new ConversionFailedException(TypeDescriptor.valueOf(byte[].class),
					TypeDescriptor.valueOf(Object.class), null, new IllegalArgumentException("unknown type id"));
		}

		@Override
		public Set<String> getAttributeNames() {
			return this.stored.getAttributeNames();
		}

		@Override
		public void setAttribute(String attributeName, Object attributeValue) {
			this.stored.setAttribute(attributeName, attributeValue);
		}

		@Override
		public void removeAttribute(String attributeName) {
			this.stored.removeAttribute(attributeName);
		}

		@Override
		public Instant getCreationTime() {
			return this.stored.getCreationTime();
		}

		@Override
		public void setLastAccessedTime(Instant lastAccessedTime) {
			this.stored.setLastAccessedTime(lastAccessedTime);
		}

		@Override
		public Instant getLastAccessedTime() {
			return this.stored.getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			this.stored.setMaxInactiveInterval(interval);
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return this.stored.getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return this.stored.isExpired();
		}

	}

	static final class MutableClock extends Clock {

		Instant now = START;

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
