package dev.mamori.monitor.alert;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops alerts that a {@link AlertFilter} refuses (by kind, during a restore of the app...), before
 * anything is recorded or sent; passes the others on.
 */
final class FilteringNotifier implements Notifier {

	private static final Logger logger = LoggerFactory.getLogger(FilteringNotifier.class);

	private final Notifier delegate;

	private final List<AlertFilter> filters;

	FilteringNotifier(Notifier delegate, List<AlertFilter> filters) {
		this.delegate = delegate;
		this.filters = List.copyOf(filters);
	}

	@Override
	public List<Long> notify(Notification notification) throws Exception {
		for (AlertFilter filter : this.filters) {
			String reason = filter.drops(notification.alert());
			if (reason != null) {
				logger.info("Not sent: {} ({})", notification.text().subject(), reason);
				return List.of();
			}
		}
		return this.delegate.notify(notification);
	}

}
