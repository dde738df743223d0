package dev.mamori.monitor.alert;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static dev.mamori.monitor.alert.NotifierTestSupport.notification;
import static org.assertj.core.api.Assertions.assertThat;

class FilteringNotifierTests {

	private final NotifierTestSupport.Collecting channel = new NotifierTestSupport.Collecting();

	@Test
	void dropsWhatAFilterRefusesAndPassesTheRest() throws Exception {
		AlertFilter duringRestore = (alert) -> (alert.kind() == Alert.Kind.BACKUP_FAILED) ? "restore running" : null;
		FilteringNotifier notifier = new FilteringNotifier(this.channel, List.of(duringRestore));
		Instant now = Instant.parse("2026-03-01T10:05:00Z");
		assertThat(notifier.notify(notification(Alert.Kind.BACKUP_FAILED, now))).isEmpty();
		assertThat(notifier.notify(notification(Alert.Kind.OPENED, now))).containsExactly(1L);
		assertThat(this.channel.kinds()).containsExactly(Alert.Kind.OPENED);
	}

	@Test
	void aKindFilterDropsOnlyThoseKinds() throws Exception {
		FilteringNotifier notifier = new FilteringNotifier(this.channel,
				List.of(AlertFilter.kinds(Set.of(Alert.Kind.TEST, Alert.Kind.REMINDER))));
		Instant now = Instant.parse("2026-03-01T10:05:00Z");
		for (Alert.Kind kind : Alert.Kind.values()) {
			notifier.notify(notification(kind, now));
		}
		assertThat(this.channel.kinds()).hasSize(Alert.Kind.values().length - 2)
			.doesNotContain(Alert.Kind.TEST, Alert.Kind.REMINDER)
			.contains(Alert.Kind.OPENED, Alert.Kind.RESOLVED, Alert.Kind.ESCALATED);
	}

	@Test
	void withoutFiltersEverythingPasses() throws Exception {
		FilteringNotifier notifier = new FilteringNotifier(this.channel, List.of());
		notifier.notify(notification(Alert.Kind.TEST, Instant.parse("2026-03-01T10:05:00Z")));
		assertThat(this.channel.kinds()).containsExactly(Alert.Kind.TEST);
	}

}
