package dev.mamori.monitor.alert;

import java.util.List;

/**
 * Tells people about an alert. Decorators add the rules around a channel (filtering, reminding,
 * retrying, recording) and {@link CompositeNotifier} fans out to every channel, the way Spring Boot
 * Admin composes its notifiers; {@link NotifierConfiguration} puts them together.
 */
interface Notifier {

	/**
	 * @param notification the alert and its text
	 * @return the ids of the notification records created on the way (one per channel reached);
	 * empty when the alert was dropped or nothing records it
	 * @throws Exception when a send failed (only a bare channel throws; the decorators that send
	 * later report failures themselves)
	 */
	List<Long> notify(Notification notification) throws Exception;

}
