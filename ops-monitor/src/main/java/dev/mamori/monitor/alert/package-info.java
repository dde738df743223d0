/**
 * Alerts: their texts in Japanese and English, the email and webhook channels, and the composable
 * notifiers around them (filtering, reminding, recording, retrying, composite).
 */
package dev.mamori.monitor.alert;
