package dev.mamori.monitor.alert;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.mamori.core.DaemonThreads;
import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Composes the notifiers, outermost first: drop what a {@link AlertFilter} refuses, let reminders
 * through only when due, then for every channel: record the send, and send it off the caller's
 * thread with retries.
 */
@Configuration(proxyBeanMethods = false)
class NotifierConfiguration {

	private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2,
			DaemonThreads.named("mamori-notify"));

	@Bean
	Notifier notifier(List<Channel> channels, ObjectProvider<AlertFilter> filters, NotificationLog log,
			IncidentReminders reminders, NotificationProperties properties) {
		List<Notifier> perChannel = channels.stream()
			.map((channel) -> (Notifier) new RecordingNotifier(channel, log,
					new RetryingNotifier(new ChannelNotifier(channel), properties.attempts(), properties.backoff(),
							this.executor, log.attempts(channel))))
			.toList();
		return new FilteringNotifier(new RemindingNotifier(new CompositeNotifier(perChannel), reminders),
				filters.orderedStream().toList());
	}

	@PreDestroy
	void close() {
		this.executor.shutdownNow();
	}

}
