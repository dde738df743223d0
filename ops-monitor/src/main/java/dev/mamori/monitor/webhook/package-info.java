/**
 * Outgoing event webhooks: stable, signed JSON events (or Slack, Discord and ntfy payloads) for
 * backups, restores and incidents, sent asynchronously to the endpoints of {@code mamori.webhooks}.
 */
package dev.mamori.monitor.webhook;
