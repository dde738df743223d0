package dev.mamori.backup.restore;

/**
 * Told about every step of a restore, to record it (the server's run table, the CLI's terminal).
 */
public interface RestoreListener {

	/**
	 * @param name the step, such as {@code EXTRACT}
	 */
	void stepStarted(String name);

	/**
	 * @param name the step
	 * @param outcome SUCCEEDED, FAILED or SKIPPED
	 * @param message what happened, one or a few sentences
	 */
	void stepEnded(String name, String outcome, String message);

}
