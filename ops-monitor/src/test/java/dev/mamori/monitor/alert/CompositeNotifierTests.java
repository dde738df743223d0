package dev.mamori.monitor.alert;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.mamori.monitor.alert.NotifierTestSupport.notification;
import static org.assertj.core.api.Assertions.assertThat;

class CompositeNotifierTests {

	@Test
	void handsTheAlertToEveryChannelAndCollectsTheRecords() throws Exception {
		NotifierTestSupport.Collecting mail = new NotifierTestSupport.Collecting();
		Notifier failing = (n) -> {
			throw new IOException("cannot queue");
		};
		Notifier webhook = (n) -> List.of(42L);
		CompositeNotifier notifier = new CompositeNotifier(List.of(mail, failing, webhook));
		assertThat(notifier.notify(notification(Alert.Kind.RESOLVED, Instant.now()))).containsExactly(1L, 42L);
		assertThat(mail.kinds()).containsExactly(Alert.Kind.RESOLVED);
	}

	@Test
	void withoutChannelsNothingIsRecorded() {
		assertThat(new CompositeNotifier(List.of()).notify(notification(Alert.Kind.TEST, Instant.now()))).isEmpty();
	}

}
