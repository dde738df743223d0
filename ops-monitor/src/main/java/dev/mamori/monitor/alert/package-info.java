/**
 * Alerts: their texts in Japanese and English, the email and webhook channels, and the service
 * that records every send and retries it with backoff.
 */
package dev.mamori.monitor.alert;
