package dev.mamori.backup;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for every app's drills and objectives (each app's own drill is under
 * {@code mamori.apps.<id>.drill}).
 *
 * @param checkInterval how often overdue drills and recovery objectives are looked at (1 s to 1 h)
 */
@Validated
@ConfigurationProperties("mamori.drills")
public record DrillProperties(@DefaultValue("60s") @NotNull Duration checkInterval) {

	public DrillProperties {
		if (checkInterval != null && (checkInterval.compareTo(Duration.ofSeconds(1)) < 0
				|| checkInterval.compareTo(Duration.ofHours(1)) > 0)) {
			throw new dev.mamori.core.InvalidConfigurationException("mamori.drills.check-interval", checkInterval,
					"a duration from 1s to 1h");
		}
	}

}
