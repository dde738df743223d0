package dev.mamori.monitor.alert;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends off the caller's thread and retries a failed send with doubling backoff, up to a number of
 * attempts; a failing SMTP server never blocks the checks. Each attempt's outcome goes to an
 * {@link Attempts} listener (the notification record).
 */
final class RetryingNotifier implements Notifier {

	private final Notifier delegate;

	private final int attempts;

	private final Duration backoff;

	private final ScheduledExecutorService executor;

	private final Attempts listener;

	/**
	 * @param delegate sends once, throwing when it failed
	 * @param attempts how many times a send is tried
	 * @param backoff wait before the second try; doubled for each further try
	 * @param executor runs the attempts
	 * @param listener told of each attempt
	 */
	RetryingNotifier(Notifier delegate, int attempts, Duration backoff, ScheduledExecutorService executor,
			Attempts listener) {
		this.delegate = delegate;
		this.attempts = attempts;
		this.backoff = backoff;
		this.executor = executor;
		this.listener = listener;
	}

	@Override
	public List<Long> notify(Notification notification) {
		this.executor.execute(() -> attempt(notification, 1));
		return List.of();
	}

	private void attempt(Notification notification, int attempt) {
		try {
			this.delegate.notify(notification);
			this.listener.succeeded(notification, attempt);
		}
		catch (Exception ex) {
			if (attempt >= this.attempts) {
				this.listener.failed(notification, attempt, ex, null);
				return;
			}
			Duration wait = this.backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
			this.listener.failed(notification, attempt, ex, wait);
			this.executor.schedule(() -> attempt(notification, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/** Told how each attempt ended. */
	interface Attempts {

		/**
		 * @param notification what was sent
		 * @param attempt 1 for the first try
		 */
		void succeeded(Notification notification, int attempt);

		/**
		 * @param notification what failed
		 * @param attempt 1 for the first try
		 * @param error why; its message holds no secret
		 * @param retryIn the wait before the next try, {@code null} after the last one
		 */
		void failed(Notification notification, int attempt, Exception error, Duration retryIn);

	}

}
