package dev.mamori.monitor.webhook;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The {@code webhook_delivery} table: what was sent where (by endpoint name, never its URL), how
 * often, and how it ended.
 */
class WebhookDeliveries {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	WebhookDeliveries(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	long create(WebhookEvent event, String endpoint) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement(
					"insert into webhook_delivery (event_id, event_type, endpoint, status, attempts, created_at) "
							+ "values (?, ?, ?, 'PENDING', 0, ?)",
					new String[] { "id" });
			ps.setString(1, event.id());
			ps.setString(2, event.type());
			ps.setString(3, endpoint);
			ps.setTimestamp(4, Timestamp.from(this.clock.instant()));
			return ps;
		}, key);
		return key.getKey().longValue();
	}

	void attempted(long id, int attempt, Integer statusCode, String error) {
		this.jdbc.update("update webhook_delivery set attempts = ?, last_status_code = ?, last_error = ? where id = ?",
				attempt, statusCode, truncate(error), id);
	}

	void finished(long id, boolean sent, int attempt, Integer statusCode, String error) {
		this.jdbc.update("update webhook_delivery set status = ?, attempts = ?, last_status_code = ?, last_error = ?, "
				+ "finished_at = ? where id = ?", sent ? "SENT" : "FAILED", attempt, statusCode, truncate(error),
				Timestamp.from(this.clock.instant()), id);
	}

	private static String truncate(String text) {
		return (text != null && text.length() > 1000) ? text.substring(0, 1000) : text;
	}

}
