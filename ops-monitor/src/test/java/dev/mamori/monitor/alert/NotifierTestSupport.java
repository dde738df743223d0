package dev.mamori.monitor.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Alerts and a recording notifier for the notifier tests.
 */
final class NotifierTestSupport {

	static final Instant OPENED_AT = Instant.parse("2026-03-01T10:00:00Z");

	private NotifierTestSupport() {
	}

	static Notification notification(Alert.Kind kind, Instant at) {
		return notification(kind, at, null);
	}

	static Notification notification(Alert.Kind kind, Instant at, Duration remindEvery) {
		Alert alert = new Alert(kind, 7L, 3L, "web", "ecm", "ECM", "HTTP 503", OPENED_AT, null, at);
		return new Notification(alert, AlertText.of(alert, "en", null, ZoneOffset.UTC), null, remindEvery);
	}

	/** Remembers what reached it; answers with one record id per call. */
	static final class Collecting implements Notifier {

		final List<Notification> received = new CopyOnWriteArrayList<>();

		@Override
		public List<Long> notify(Notification notification) {
			this.received.add(notification);
			return List.of((long) this.received.size());
		}

		List<Alert.Kind> kinds() {
			return this.received.stream().map((n) -> n.alert().kind()).toList();
		}

	}

}
