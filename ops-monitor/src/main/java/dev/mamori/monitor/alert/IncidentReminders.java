package dev.mamori.monitor.alert;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * When an incident was last notified ({@code incident.last_notified_at}: its opening, then each
 * reminder), for {@link RemindingNotifier}.
 */
@Component
class IncidentReminders {

	private final JdbcTemplate jdbc;

	IncidentReminders(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Instant> lastNotified(long incidentId) {
		return this.jdbc
			.query("select last_notified_at from incident where id = ?",
					(rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant), incidentId)
			.stream()
			.findFirst()
			.flatMap((at) -> at);
	}

	void notified(long incidentId, Instant at) {
		this.jdbc.update("update incident set last_notified_at = ? where id = ?", Timestamp.from(at), incidentId);
	}

}
