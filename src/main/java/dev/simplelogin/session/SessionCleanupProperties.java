package dev.simplelogin.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The expired-session cleanup. When it runs is {@code simplelogin.session.cleanup-cron},
 * read by {@link ExpiredSessionCleanup}'s schedule.
 *
 * @param cleanupBatchSize how many sessions one cleanup transaction deletes at most
 */
@ConfigurationProperties("simplelogin.session")
record SessionCleanupProperties(@DefaultValue("1000") int cleanupBatchSize) {
}
