package dev.simplelogin.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The session store's settings. When the expired-session cleanup runs is
 * {@code simplelogin.session.cleanup-cron}, read by {@code ExpiredSessionCleanup}'s
 * schedule.
 *
 * @param cleanupBatchSize how many sessions one cleanup transaction deletes at most
 * @param lastAccessWriteInterval how old the stored last-access time must be before a
 * request writes a new one; a session may therefore end up to this much before its idle
 * timeout
 * @param cacheSize how many decoded sessions each instance keeps in memory; 0 reads every
 * request's session from the database
 * @param maxAge how long after its sign-in a session ends, however active it is
 */
@ConfigurationProperties("simplelogin.session")
public record SessionStoreProperties(@DefaultValue("1000") int cleanupBatchSize,
		@DefaultValue("60s") Duration lastAccessWriteInterval, @DefaultValue("2000") long cacheSize,
		@DefaultValue("24h") Duration maxAge) {
}
