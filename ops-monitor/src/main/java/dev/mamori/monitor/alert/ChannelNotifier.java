package dev.mamori.monitor.alert;

import java.util.List;

/**
 * The end of a chain: sends once on one {@link Channel}, throwing when it failed.
 */
final class ChannelNotifier implements Notifier {

	private final Channel channel;

	ChannelNotifier(Channel channel) {
		this.channel = channel;
	}

	@Override
	public List<Long> notify(Notification notification) throws Exception {
		this.channel.send(notification.alert(), notification.text());
		return List.of();
	}

}
