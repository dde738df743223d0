package dev.mamori.monitor.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static dev.mamori.monitor.alert.NotifierTestSupport.OPENED_AT;
import static dev.mamori.monitor.alert.NotifierTestSupport.notification;
import static org.assertj.core.api.Assertions.assertThat;

class RemindingNotifierTests {

	private final NotifierTestSupport.Collecting channel = new NotifierTestSupport.Collecting();

	private final InMemoryReminders reminders = new InMemoryReminders();

	private final RemindingNotifier notifier = new RemindingNotifier(this.channel, this.reminders);

	@Test
	void remindsAnOpenIncidentOncePerIntervalCountedFromItsLastNotice() throws Exception {
		Duration every = Duration.ofMinutes(10);
		this.reminders.notified(7L, OPENED_AT);
		// Still down at every check (each minute): reminded at 10 and 20 minutes, never in between.
		for (int minute = 1; minute <= 25; minute++) {
			this.notifier.notify(notification(Alert.Kind.REMINDER, OPENED_AT.plus(Duration.ofMinutes(minute)), every));
		}
		assertThat(this.channel.received).extracting((n) -> n.alert().at())
			.containsExactly(OPENED_AT.plus(Duration.ofMinutes(10)), OPENED_AT.plus(Duration.ofMinutes(20)));
		assertThat(this.reminders.last.get(7L)).isEqualTo(OPENED_AT.plus(Duration.ofMinutes(20)));
	}

	@Test
	void neverRemindsWithoutAnInterval() throws Exception {
		this.reminders.notified(7L, OPENED_AT);
		Instant later = OPENED_AT.plus(Duration.ofDays(1));
		assertThat(this.notifier.notify(notification(Alert.Kind.REMINDER, later, Duration.ZERO))).isEmpty();
		assertThat(this.notifier.notify(notification(Alert.Kind.REMINDER, later, null))).isEmpty();
		assertThat(this.channel.received).isEmpty();
	}

	@Test
	void otherAlertsPassAtOnceAndDoNotCountAsReminders() throws Exception {
		this.reminders.notified(7L, OPENED_AT);
		Instant soon = OPENED_AT.plusSeconds(30);
		assertThat(this.notifier.notify(notification(Alert.Kind.OPENED, soon))).containsExactly(1L);
		assertThat(this.notifier.notify(notification(Alert.Kind.RESOLVED, soon))).containsExactly(2L);
		assertThat(this.channel.kinds()).containsExactly(Alert.Kind.OPENED, Alert.Kind.RESOLVED);
		assertThat(this.reminders.last.get(7L)).isEqualTo(OPENED_AT);
	}

	/** The incident table's last notice, in memory. */
	private static final class InMemoryReminders extends IncidentReminders {

		final Map<Long, Instant> last = new HashMap<>();

		InMemoryReminders() {
			super(null);
		}

		@Override
		Optional<Instant> lastNotified(long incidentId) {
			return Optional.ofNullable(this.last.get(incidentId));
		}

		@Override
		void notified(long incidentId, Instant at) {
			this.last.put(incidentId, at);
		}

	}

}
