package dev.mamori.monitor.alert;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * The {@code notification} table: one record per send and channel, ending {@code SENT} or
 * {@code FAILED} with the error; and the incident's timeline lines about notices.
 */
@Component
class NotificationLog {

	private static final Logger logger = LoggerFactory.getLogger(NotificationLog.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	NotificationLog(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	long insert(Channel channel, Notification notification) {
		Alert alert = notification.alert();
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var ps = connection.prepareStatement("insert into notification (channel, kind, incident_id, monitor_id, "
					+ "app_id, subject, recipients, status, attempts, created_at) values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)",
					new String[] { "id" });
			ps.setString(1, channel.channel());
			ps.setString(2, alert.kind().name());
			ps.setObject(3, alert.incidentId());
			ps.setObject(4, alert.monitorId());
			ps.setString(5, alert.appId());
			ps.setString(6, truncate(notification.text().subject()));
			ps.setString(7, truncate(channel.recipients()));
			ps.setTimestamp(8, Timestamp.from(this.clock.instant()));
			return ps;
		}, keys);
		return keys.getKey().longValue();
	}

	/**
	 * @param channel a channel
	 * @return what records its attempts
	 */
	RetryingNotifier.Attempts attempts(Channel channel) {
		return new RetryingNotifier.Attempts() {

			@Override
			public void succeeded(Notification notification, int attempt) {
				sent(channel, notification, attempt);
			}

			@Override
			public void failed(Notification notification, int attempt, Exception error, Duration retryIn) {
				NotificationLog.this.failed(channel, notification, attempt, error, retryIn);
			}

		};
	}

	private void sent(Channel channel, Notification notification, int attempt) {
		Alert alert = notification.alert();
		this.jdbc.update("update notification set status = 'SENT', attempts = ?, sent_at = ?, last_error = null "
				+ "where id = ?", attempt, Timestamp.from(this.clock.instant()), notification.recordId());
		logger.info("Sent {} by {}: {}", alert.kind(), channel.channel(), notification.text().subject());
		incidentEvent(alert, "NOTIFIED", channel.channel() + " to " + channel.recipients());
	}

	private void failed(Channel channel, Notification notification, int attempt, Exception ex, Duration retryIn) {
		Alert alert = notification.alert();
		String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		boolean last = retryIn == null;
		this.jdbc.update("update notification set status = ?, attempts = ?, last_error = ? where id = ?",
				last ? "FAILED" : "PENDING", attempt, truncate(error), notification.recordId());
		if (last) {
			logger.error("Could not send {} by {} after {} attempts: {}", alert.kind(), channel.channel(), attempt, error);
			incidentEvent(alert, "NOTIFY_FAILED",
					channel.channel() + " failed after " + attempt + " attempts: " + truncate(error));
			return;
		}
		logger.warn("Sending {} by {} failed (attempt {}), retrying in {}: {}", alert.kind(), channel.channel(), attempt,
				retryIn, error);
	}

	private void incidentEvent(Alert alert, String kind, String message) {
		if (alert.incidentId() != null) {
			this.jdbc.update("insert into incident_event (incident_id, at, kind, message) values (?, ?, ?, ?)",
					alert.incidentId(), Timestamp.from(this.clock.instant()), kind,
					truncate(alert.kind() + ": " + message));
		}
	}

	static String truncate(String text) {
		return (text == null || text.length() <= 1000) ? text : text.substring(0, 999) + "…";
	}

}
