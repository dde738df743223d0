package dev.mamori.monitor.alert;

import java.time.Instant;

/**
 * One alert on one channel.
 *
 * @param id record id
 * @param channel {@code EMAIL} or {@code WEBHOOK}
 * @param kind what the alert was about
 * @param incidentId the incident, if any
 * @param monitorId the monitor, if any
 * @param appId the app, if any
 * @param subject the subject line
 * @param recipients who it was for (a webhook's address without its path)
 * @param status {@code PENDING}, {@code SENT} or {@code FAILED}
 * @param attempts tries so far
 * @param lastError why the last try failed
 * @param createdAt when it was raised
 * @param sentAt when it was delivered
 */
public record NotificationView(long id, String channel, String kind, Long incidentId, Long monitorId, String appId,
		String subject, String recipients, String status, int attempts, String lastError, Instant createdAt,
		Instant sentAt) {
}
