package dev.mamori.monitor;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How monitoring runs.
 *
 * @param enabled run checks at all (the command line never does)
 * @param minInterval the shortest interval a monitor may have
 * @param workerThreads threads for blocking checks (TCP, certificate, disk, commands, databases);
 * HTTP checks need none of their own
 * @param remediationThreads threads for remediation commands, which may take minutes
 * @param rawRetention how long each check result is kept before only the hourly rollups remain
 * @param hourlyRetention how long hourly rollups are kept
 * @param dailyRetention how long daily rollups are kept
 * @param rollupInterval how often rollups and pruning run
 * @param claimFraction with several Mamori instances on one database, a check is claimed in the
 * database and skipped by the others when one of them ran it less than this fraction of the
 * interval ago
 * @param restoreGrace how long an app's monitors stay quiet (in automatic maintenance: no incident,
 * no notification, no remediation) after a restore or drill of the app ends; they are quiet from
 * its start
 * @param writeInterval how long the engine gathers check results (and claims the checks due next)
 * before writing them in one commit: fewer, larger commits keep the embedded H2 file small under
 * thousands of monitors; a state change is stored (and alerted) at most this much later. Zero writes
 * each batch as soon as it is there
 */
@Validated
@ConfigurationProperties("mamori.monitoring")
public record MonitoringSettings(@DefaultValue("true") boolean enabled, @DefaultValue("5s") @NotNull Duration minInterval,
		@DefaultValue("8") @Min(1) @Max(256) int workerThreads, @DefaultValue("2") @Min(1) @Max(32) int remediationThreads,
		@DefaultValue("24h") @NotNull Duration rawRetention, @DefaultValue("90d") @NotNull Duration hourlyRetention,
		@DefaultValue("730d") @NotNull Duration dailyRetention, @DefaultValue("10m") @NotNull Duration rollupInterval,
		@DefaultValue("0.5") double claimFraction, @DefaultValue("2m") @NotNull Duration restoreGrace,
		@DefaultValue("1s") @NotNull Duration writeInterval) {

	public MonitoringSettings {
		if (writeInterval.isNegative() || writeInterval.compareTo(Duration.ofSeconds(10)) > 0) {
			throw new IllegalArgumentException(
					"mamori.monitoring.write-interval must be between 0 and 10s, was " + writeInterval);
		}
	}

}
