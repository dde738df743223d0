package dev.mamori.monitor.webhook;

import java.util.List;

/**
 * The event types webhooks can send, for the API description and the configuration reference.
 */
public final class WebhookTypes {

	private WebhookTypes() {
	}

	/**
	 * @return every type, such as {@code backup.completed}
	 */
	public static List<String> all() {
		return WebhookEvents.types();
	}

}
