package dev.mamori.monitor.alert;

import java.time.Duration;

/**
 * What travels through the {@link Notifier notifiers}.
 *
 * @param alert the alert
 * @param text its text, in the configured language
 * @param recordId the notification record, once {@link RecordingNotifier} created it
 * @param remindEvery for a {@link Alert.Kind#REMINDER}: how often the incident may be reminded of
 */
record Notification(Alert alert, AlertText text, Long recordId, Duration remindEvery) {

	Notification withRecord(long id) {
		return new Notification(this.alert, this.text, id, this.remindEvery);
	}

}
