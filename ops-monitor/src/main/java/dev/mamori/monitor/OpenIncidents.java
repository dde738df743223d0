package dev.mamori.monitor;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import dev.mamori.core.catalog.AppIncidents;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The open incidents of an app's monitors, for other modules (a restore's outage).
 */
@Component
class OpenIncidents implements AppIncidents {

	private final JdbcTemplate jdbc;

	OpenIncidents(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<Instant> openSince(String appId) {
		Timestamp opened = this.jdbc.queryForObject(
				"select min(opened_at) from incident where app_id = ? and closed_at is null", Timestamp.class, appId);
		return Optional.ofNullable(opened).map(Timestamp::toInstant);
	}

}
