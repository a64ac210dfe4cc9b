package dev.simplelogin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The sign-in providers, each with its registration once it is known. A provider whose
 * discovery document cannot be read at start does not stop the start: its button shows it
 * as unavailable, and discovery is retried in the background, 1 s after the failure, then
 * twice as long after each further one, at most {@link #MAX_RETRY_DELAY}. Spring Security
 * sees only the registrations that are known.
 */
final class ProviderRegistrations
		implements ClientRegistrationRepository, Iterable<ClientRegistration>, DisposableBean {

	static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);

	static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(60);

	private static final Log logger = LogFactory.getLog(ProviderRegistrations.class);

	private final Map<String, Provider> providers = new LinkedHashMap<>();

	// Registrations are only ever added: their count tells whether anything derived from
	// them (the content security policy) is still current.
	private final AtomicInteger known = new AtomicInteger();

	private final ScheduledExecutorService retries;

	private final Clock clock;

	ProviderRegistrations(List<ConfiguredProvider> configured, ScheduledExecutorService retries, Clock clock) {
		this.retries = retries;
		this.clock = clock;
		configured.forEach((provider) -> this.providers.put(provider.id(), new Provider(provider)));
		this.providers.values().forEach((provider) -> provider.discover(FIRST_RETRY_DELAY));
	}

	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		Provider provider = this.providers.get(registrationId);
		return (provider != null) ? provider.registration : null;
	}

	@Override
	public Iterator<ClientRegistration> iterator() {
		return this.providers.values()
			.stream()
			.map((provider) -> provider.registration)
			.filter(Objects::nonNull)
			.iterator();
	}

	/**
	 * Every configured provider, known or not yet.
	 * @return their states, in the order of the configuration
	 */
	List<State> states() {
		return this.providers.values().stream().map(Provider::state).toList();
	}

	/**
	 * How many registrations are known; it only grows.
	 * @return the number of providers whose registration is known
	 */
	int known() {
		return this.known.get();
	}

	/**
	 * Whether a provider is configured but its registration is not known yet.
	 * @param registrationId the registration id
	 * @return whether its sign-in cannot start for now
	 */
	boolean isUnavailable(String registrationId) {
		Provider provider = this.providers.get(registrationId);
		return provider != null && provider.registration == null;
	}

	@Override
	public void destroy() {
		this.retries.shutdownNow();
	}

	// The innermost cause says what happened (a refused connection, a 503); its message
	// may quote the provider's answer, so only its first line, cut short.
	private static String describe(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String message = (cause.getMessage() != null) ? cause.getMessage().lines().findFirst().orElse("") : "";
		String described = (cause.getClass().getSimpleName() + " " + message).strip();
		return (described.length() > 200) ? described.substring(0, 200) + "…" : described;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * One provider's state.
	 *
	 * @param id the registration id
	 * @param name the name its button shows
	 * @param available whether people can sign in with it
	 * @param unavailableSince when discovery first failed, while it fails
	 * @param failure what went wrong, in a few words, while it fails
	 */
	record State(String id, String name, boolean available, @Nullable Instant unavailableSince,
			@Nullable String failure) {
	}

	private final class Provider {

		private final ConfiguredProvider configured;

		private volatile @Nullable ClientRegistration registration;

		private volatile @Nullable Instant failingSince;

		private volatile @Nullable String failure;

		Provider(ConfiguredProvider configured) {
			this.configured = configured;
		}

		State state() {
			return new State(this.configured.id(), this.configured.name(), this.registration != null, this.failingSince,
					this.failure);
		}

		void discover(Duration nextDelay) {
			try {
				this.registration = this.configured.registration().get();
				ProviderRegistrations.this.known.incrementAndGet();
				if (this.failingSince != null) {
					logger.info("Sign-in with '%s' is available again".formatted(this.configured.id()));
				}
				this.failingSince = null;
				this.failure = null;
			}
			catch (RuntimeException ex) {
				String failure = describe(ex);
				if (this.failingSince == null) {
					this.failingSince = ProviderRegistrations.this.clock.instant();
					logger.warn("Sign-in with '%s' is unavailable: its OpenID configuration could not be read (%s). "
						.formatted(this.configured.id(), failure) + "Retrying in the background.");
				}
				this.failure = failure;
				Duration delay = nextDelay;
				ProviderRegistrations.this.retries.schedule(() -> discover(min(delay.multipliedBy(2), MAX_RETRY_DELAY)),
						delay.toMillis(), TimeUnit.MILLISECONDS);
			}
		}

	}

}
