package dev.mamori.monitor.alert;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.mamori.monitor.alert.NotifierTestSupport.notification;
import static org.assertj.core.api.Assertions.assertThat;

class RetryingNotifierTests {

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

	private final Recorded attempts = new Recorded();

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@Test
	void retriesAFailedSendWithDoublingBackoffUntilItGoesThrough() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		Notifier flaky = (n) -> {
			if (calls.incrementAndGet() < 3) {
				throw new IOException("smtp down");
			}
			return List.of();
		};
		RetryingNotifier notifier = new RetryingNotifier(flaky, 4, Duration.ofMillis(5), this.executor, this.attempts);
		assertThat(notifier.notify(notification(Alert.Kind.OPENED, Instant.now()))).isEmpty();
		assertThat(this.attempts.done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.attempts.lines).containsExactly("failed 1 retry in PT0.005S: smtp down",
				"failed 2 retry in PT0.01S: smtp down", "sent at attempt 3");
	}

	@Test
	void givesUpAfterTheLastAttempt() throws Exception {
		Notifier broken = (n) -> {
			throw new IOException("no route");
		};
		RetryingNotifier notifier = new RetryingNotifier(broken, 2, Duration.ofMillis(5), this.executor, this.attempts);
		notifier.notify(notification(Alert.Kind.OPENED, Instant.now()));
		assertThat(this.attempts.done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.attempts.lines).containsExactly("failed 1 retry in PT0.005S: no route", "failed 2 for good: no route");
	}

	@Test
	void sendsOffTheCallersThread() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Notifier slow = (n) -> {
			release.await();
			return List.of();
		};
		RetryingNotifier notifier = new RetryingNotifier(slow, 1, Duration.ofMillis(5), this.executor, this.attempts);
		notifier.notify(notification(Alert.Kind.OPENED, Instant.now()));
		assertThat(this.attempts.lines).isEmpty();
		release.countDown();
		assertThat(this.attempts.done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.attempts.lines).containsExactly("sent at attempt 1");
	}

	private static final class Recorded implements RetryingNotifier.Attempts {

		final List<String> lines = new CopyOnWriteArrayList<>();

		final CountDownLatch done = new CountDownLatch(1);

		@Override
		public void succeeded(Notification notification, int attempt) {
			this.lines.add("sent at attempt " + attempt);
			this.done.countDown();
		}

		@Override
		public void failed(Notification notification, int attempt, Exception error, Duration retryIn) {
			this.lines.add("failed " + attempt + ((retryIn != null) ? " retry in " + retryIn : " for good") + ": "
					+ error.getMessage());
			if (retryIn == null) {
				this.done.countDown();
			}
		}

	}

}
