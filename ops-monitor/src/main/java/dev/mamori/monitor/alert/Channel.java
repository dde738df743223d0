package dev.mamori.monitor.alert;

/**
 * One way to reach people: email or webhook. Sends once; {@link RetryingNotifier} retries.
 */
interface Channel {

	/**
	 * @return {@code EMAIL} or {@code WEBHOOK}
	 */
	String channel();

	/**
	 * @return whether it is configured
	 */
	boolean enabled();

	/**
	 * @return who it reaches, safe to store and show (no secret)
	 */
	String recipients();

	/**
	 * Sends once.
	 * @param alert the alert
	 * @param text its text
	 * @throws Exception when the send failed; the message must hold no secret
	 */
	void send(Alert alert, AlertText text) throws Exception;

}
