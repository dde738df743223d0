package dev.mamori.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether this process runs the scheduled work (backup schedules, monitor checks). Read as a plain
 * property by the backup scheduler and the monitor service; declared here so that it is documented
 * and known to the check of unknown keys.
 *
 * @param enabled run backup schedules and monitor checks; the command line sets it to false
 */
@ConfigurationProperties("mamori.scheduling")
record SchedulingProperties(@DefaultValue("true") boolean enabled) {
}
