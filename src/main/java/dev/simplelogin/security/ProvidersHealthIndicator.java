package dev.simplelogin.security;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Which sign-in providers are available, in the health details ({@code providers}).
 * Always UP: a provider that cannot be reached keeps nobody from the other providers, nor
 * any signed-in person from their pages, so it must not take the instance out of service.
 */
final class ProvidersHealthIndicator implements HealthIndicator {

	private final ProviderRegistrations registrations;

	ProvidersHealthIndicator(ProviderRegistrations registrations) {
		this.registrations = registrations;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up();
		for (ProviderRegistrations.State state : this.registrations.states()) {
			health.withDetail(state.id(), state.available() ? "available"
					: "unavailable since %s (%s), retrying".formatted(state.unavailableSince(), state.failure()));
		}
		return health.build();
	}

}
