package dev.simplelogin.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-memory user map.
 *
 * @param maximumSize how many people the map holds at most; an evicted person is rebuilt
 * from their session on their next request
 */
@ConfigurationProperties("simplelogin.users")
record UserProperties(@DefaultValue("10000") long maximumSize) {
}
