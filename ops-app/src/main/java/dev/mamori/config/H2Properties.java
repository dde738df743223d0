package dev.mamori.config;

import java.time.Duration;

import dev.mamori.core.InvalidConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded H2 database (ignored with PostgreSQL).
 *
 * @param compactInterval how often the open database file is compacted while Mamori runs (old
 * copies of changed pages rewritten away, the file shortened); {@code 0s} only at shutdown. With
 * {@code WRITE_DELAY=0} (every commit on disk at once) H2 does not compact on its own while open,
 * and a busy monitoring run grows the file by hundreds of MB an hour
 */
@ConfigurationProperties("mamori.h2")
record H2Properties(@DefaultValue("10s") Duration compactInterval) {

	H2Properties {
		if (compactInterval == null || compactInterval.isNegative()
				|| (!compactInterval.isZero() && compactInterval.compareTo(Duration.ofSeconds(1)) < 0)) {
			throw new InvalidConfigurationException("mamori.h2.compact-interval", compactInterval,
					"0s (compact only at shutdown) or at least 1s");
		}
	}

}
