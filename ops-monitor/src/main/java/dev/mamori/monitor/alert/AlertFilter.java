package dev.mamori.monitor.alert;

import java.util.Set;

/**
 * A rule that drops alerts before they reach any channel, applied by {@link FilteringNotifier}.
 * Beans of this type are picked up by {@link NotifierConfiguration}.
 */
public interface AlertFilter {

	/**
	 * @param alert an alert about to be sent
	 * @return why it is not sent (one line, for the log), or {@code null} to send it
	 */
	String drops(Alert alert);

	/**
	 * @param kinds the kinds to drop, such as the informational {@link Alert.Kind#TEST}
	 * @return a filter dropping alerts of these kinds
	 */
	static AlertFilter kinds(Set<Alert.Kind> kinds) {
		return (alert) -> kinds.contains(alert.kind()) ? alert.kind() + " alerts are not sent" : null;
	}

}
