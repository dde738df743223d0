package dev.mamori.backup;

/**
 * A backup or restore of the app is already running; runs of one app never overlap.
 */
public class BackupBusyException extends RuntimeException {

	private final Long runningRunId;

	private final String purpose;

	public BackupBusyException(String appId, String purpose, Long runningRunId) {
		super("A " + purpose + " of '" + appId + "' is already running" + ((runningRunId != null) ? " (run " + runningRunId + ")" : ""));
		this.purpose = purpose;
		this.runningRunId = runningRunId;
	}

	/**
	 * @return the running run's id, when known
	 */
	public Long getRunningRunId() {
		return this.runningRunId;
	}

	/**
	 * @return {@code backup} or {@code restore}
	 */
	public String getPurpose() {
		return this.purpose;
	}

}
