package dev.mamori.monitor.alert;

import java.time.Duration;
import java.util.List;


import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Sends alerts on every configured channel through the composed {@link Notifier notifiers}
 * ({@link NotifierConfiguration}): filtered, reminders only when due, each send recorded in the
 * {@code notification} table and retried with doubling backoff off the caller's thread, ending
 * {@code SENT} or {@code FAILED} with the error. A failing SMTP server never blocks the checks.
 */
@Service
public class NotificationService {

	private final List<Channel> channels;

	private final Notifier notifier;

	private final NotificationProperties properties;

	private final JdbcTemplate jdbc;

	NotificationService(List<Channel> channels, Notifier notifier, NotificationProperties properties,
			JdbcTemplate jdbc) {
		this.channels = channels;
		this.notifier = notifier;
		this.properties = properties;
		this.jdbc = jdbc;
	}

	/**
	 * @return whether at least one channel is configured
	 */
	public boolean anyChannel() {
		return this.channels.stream().anyMatch(Channel::enabled);
	}

	/**
	 * Queues the alert on every configured channel and returns at once.
	 * @param alert the alert
	 * @return the ids of the notification records, one per channel
	 */
	public List<Long> send(Alert alert) {
		return notify(alert, null);
	}

	/**
	 * Offers a reminder of an open incident; it is sent only when the incident's last notice is at
	 * least {@code every} old.
	 * @param alert a {@link Alert.Kind#REMINDER} of an incident
	 * @param every the monitor's re-notify interval
	 * @return the ids of the notification records, none when no reminder is due
	 */
	public List<Long> remind(Alert alert, Duration every) {
		return notify(alert, every);
	}

	private List<Long> notify(Alert alert, Duration remindEvery) {
		AlertText text = AlertText.of(alert, this.properties.email().language(), this.properties.email().baseUrl(),
				this.properties.email().zoneOrServer());
		try {
			return this.notifier.notify(new Notification(alert, text, null, remindEvery));
		}
		catch (Exception ex) {
			// The composed notifiers send later and report failures themselves; this is a bug.
			throw new IllegalStateException("Could not queue " + alert.kind() + ": " + ex, ex);
		}
	}

	/**
	 * @param limit how many
	 * @return the latest notifications, newest first
	 */
	public List<NotificationView> recent(int limit) {
		return this.jdbc.query("select id, channel, kind, incident_id, monitor_id, app_id, subject, recipients, status, "
				+ "attempts, last_error, created_at, sent_at from notification order by id desc limit " + limit,
				(rs, i) -> new NotificationView(rs.getLong(1), rs.getString(2), rs.getString(3),
						(Long) rs.getObject(4, Long.class), (Long) rs.getObject(5, Long.class), rs.getString(6),
						rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getString(11),
						rs.getTimestamp(12).toInstant(),
						(rs.getTimestamp(13) != null) ? rs.getTimestamp(13).toInstant() : null));
	}

}
