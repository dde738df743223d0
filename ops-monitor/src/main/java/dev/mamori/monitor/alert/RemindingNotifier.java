package dev.mamori.monitor.alert;

import java.time.Instant;
import java.util.List;

/**
 * Re-notifies an open incident every so often. The incident handling offers a
 * {@link Alert.Kind#REMINDER} on every failed check of a monitor that is still DOWN, with the
 * monitor's re-notify interval; this notifier passes it on only when the incident's last notice
 * (its opening or the previous reminder) is at least that old, and records the new notice. The
 * time of the last notice lives with the incident, so every instance and a restart agree. Other
 * alerts pass unchanged.
 */
final class RemindingNotifier implements Notifier {

	private final Notifier delegate;

	private final IncidentReminders reminders;

	RemindingNotifier(Notifier delegate, IncidentReminders reminders) {
		this.delegate = delegate;
		this.reminders = reminders;
	}

	@Override
	public List<Long> notify(Notification notification) throws Exception {
		Alert alert = notification.alert();
		if (alert.kind() != Alert.Kind.REMINDER) {
			return this.delegate.notify(notification);
		}
		if (alert.incidentId() == null || notification.remindEvery() == null || notification.remindEvery().isZero()) {
			return List.of();
		}
		Instant at = alert.at();
		Instant last = this.reminders.lastNotified(alert.incidentId()).orElse(at);
		if (at.isBefore(last.plus(notification.remindEvery()))) {
			return List.of();
		}
		this.reminders.notified(alert.incidentId(), at);
		return this.delegate.notify(notification);
	}

}
