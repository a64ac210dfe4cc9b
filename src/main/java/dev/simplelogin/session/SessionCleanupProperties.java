package dev.simplelogin.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The expired-session cleanup.
 *
 * @param cleanupCron when it runs (a Spring cron expression; {@code -} turns it off)
 * @param cleanupBatchSize how many sessions one cleanup transaction deletes at most
 */
@ConfigurationProperties("simplelogin.session")
record SessionCleanupProperties(@DefaultValue("0 * * * * *") String cleanupCron,
		@DefaultValue("1000") int cleanupBatchSize) {
}
