package dev.mamori.monitor.alert;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.mamori.core.DaemonThreads;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;

/**
 * Sends alerts on every configured channel, off the caller's thread: each send is recorded in the
 * {@code notification} table, retried with doubling backoff, and ends {@code SENT} or
 * {@code FAILED} with the error. A failing SMTP server never blocks the checks.
 */
@Service
public class NotificationService {

	private static final Logger logger = LoggerFactory.getLogger(NotificationService.class);

	private final List<Notifier> notifiers;

	private final NotificationProperties properties;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2,
			DaemonThreads.named("mamori-notify"));

	NotificationService(List<Notifier> notifiers, NotificationProperties properties, JdbcTemplate jdbc, Clock clock) {
		this.notifiers = notifiers;
		this.properties = properties;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * @return whether at least one channel is configured
	 */
	public boolean anyChannel() {
		return this.notifiers.stream().anyMatch(Notifier::enabled);
	}

	/**
	 * Queues the alert on every configured channel and returns at once.
	 * @param alert the alert
	 * @return the ids of the notification records, one per channel
	 */
	public List<Long> send(Alert alert) {
		AlertText text = AlertText.of(alert, this.properties.email().language(), this.properties.email().baseUrl(),
				this.properties.email().zoneOrServer());
		List<Long> ids = new ArrayList<>();
		for (Notifier notifier : this.notifiers) {
			if (!notifier.enabled()) {
				continue;
			}
			long id = insert(notifier, alert, text);
			ids.add(id);
			this.executor.execute(() -> attempt(id, notifier, alert, text, 1));
		}
		if (ids.isEmpty()) {
			logger.info("No notification channel configured; not sent: {}", text.subject());
		}
		return ids;
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

	private void attempt(long id, Notifier notifier, Alert alert, AlertText text, int attempt) {
		try {
			notifier.send(alert, text);
			Instant now = this.clock.instant();
			this.jdbc.update("update notification set status = 'SENT', attempts = ?, sent_at = ?, last_error = null "
					+ "where id = ?", attempt, Timestamp.from(now), id);
			logger.info("Sent {} by {}: {}", alert.kind(), notifier.channel(), text.subject());
			incidentEvent(alert, "NOTIFIED", notifier.channel() + " to " + notifier.recipients());
		}
		catch (Exception ex) {
			String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			boolean last = attempt >= this.properties.attempts();
			this.jdbc.update("update notification set status = ?, attempts = ?, last_error = ? where id = ?",
					last ? "FAILED" : "PENDING", attempt, truncate(error), id);
			if (last) {
				logger.error("Could not send {} by {} after {} attempts: {}", alert.kind(), notifier.channel(), attempt,
						error);
				incidentEvent(alert, "NOTIFY_FAILED", notifier.channel() + " failed after " + attempt + " attempts: "
						+ truncate(error));
				return;
			}
			Duration wait = this.properties.backoff().multipliedBy(1L << Math.min(attempt - 1, 10));
			logger.warn("Sending {} by {} failed (attempt {}), retrying in {}: {}", alert.kind(), notifier.channel(),
					attempt, wait, error);
			this.executor.schedule(() -> attempt(id, notifier, alert, text, attempt + 1), wait.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	private long insert(Notifier notifier, Alert alert, AlertText text) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var ps = connection.prepareStatement("insert into notification (channel, kind, incident_id, monitor_id, "
					+ "app_id, subject, recipients, status, attempts, created_at) values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)",
					new String[] { "id" });
			ps.setString(1, notifier.channel());
			ps.setString(2, alert.kind().name());
			ps.setObject(3, alert.incidentId());
			ps.setObject(4, alert.monitorId());
			ps.setString(5, alert.appId());
			ps.setString(6, truncate(text.subject()));
			ps.setString(7, truncate(notifier.recipients()));
			ps.setTimestamp(8, Timestamp.from(this.clock.instant()));
			return ps;
		}, keys);
		return keys.getKey().longValue();
	}

	private void incidentEvent(Alert alert, String kind, String message) {
		if (alert.incidentId() != null) {
			this.jdbc.update("insert into incident_event (incident_id, at, kind, message) values (?, ?, ?, ?)",
					alert.incidentId(), Timestamp.from(this.clock.instant()), kind,
					truncate(alert.kind() + ": " + message));
		}
	}

	private static String truncate(String text) {
		return (text == null || text.length() <= 1000) ? text : text.substring(0, 999) + "…";
	}

	@PreDestroy
	void close() {
		this.executor.shutdownNow();
	}

}
