package dev.mamori.monitor.alert;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an alert to every delegate in order (one per channel); one that fails does not keep the
 * alert from the others. When none took it (no channel is configured), says so in the log.
 */
final class CompositeNotifier implements Notifier {

	private static final Logger logger = LoggerFactory.getLogger(CompositeNotifier.class);

	private final List<Notifier> delegates;

	CompositeNotifier(List<Notifier> delegates) {
		this.delegates = List.copyOf(delegates);
	}

	@Override
	public List<Long> notify(Notification notification) {
		List<Long> ids = new ArrayList<>();
		for (Notifier delegate : this.delegates) {
			try {
				ids.addAll(delegate.notify(notification));
			}
			catch (Exception ex) {
				logger.error("Could not hand {} to a channel: {}", notification.alert().kind(), ex.toString());
			}
		}
		if (ids.isEmpty()) {
			logger.info("No notification channel configured; not sent: {}", notification.text().subject());
		}
		return ids;
	}

}
