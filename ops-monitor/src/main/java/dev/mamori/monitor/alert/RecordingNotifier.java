package dev.mamori.monitor.alert;

import java.util.List;

/**
 * Records a send on one channel in the {@code notification} table (PENDING) before handing it on,
 * and skips a channel that is not configured.
 */
final class RecordingNotifier implements Notifier {

	private final Channel channel;

	private final NotificationLog log;

	private final Notifier delegate;

	RecordingNotifier(Channel channel, NotificationLog log, Notifier delegate) {
		this.channel = channel;
		this.log = log;
		this.delegate = delegate;
	}

	@Override
	public List<Long> notify(Notification notification) throws Exception {
		if (!this.channel.enabled()) {
			return List.of();
		}
		long id = this.log.insert(this.channel, notification);
		this.delegate.notify(notification.withRecord(id));
		return List.of(id);
	}

}
