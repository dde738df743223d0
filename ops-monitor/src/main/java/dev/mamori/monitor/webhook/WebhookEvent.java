package dev.mamori.monitor.webhook;

import java.time.Instant;

/**
 * The body of a {@code json} webhook: the same four fields for every event; {@code data} depends on
 * {@code type}. Receivers check {@code X-Mamori-Signature-256: sha256=<hex>}, the HMAC-SHA256 of
 * the raw body with the endpoint's secret, and may drop repeated {@code id}s (a retry resends the
 * same event).
 *
 * @param id unique per event (a UUID); the same on every retry
 * @param type such as {@code backup.completed}
 * @param timestamp when it happened
 * @param data the event's facts: {@link WebhookData.Backup}, {@link WebhookData.Restore} or
 * {@link WebhookData.Incident}
 */
public record WebhookEvent(String id, String type, Instant timestamp, Object data) {
}
