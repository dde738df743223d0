package dev.mamori.backup;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.mamori.core.error.ConflictException;

/**
 * A backup or restore of the app is already running; runs of one app never overlap.
 */
public class BackupBusyException extends ConflictException {

	private final Long runningRunId;

	private final String purpose;

	public BackupBusyException(String appId, String purpose, Long runningRunId) {
		super("Already running", "A " + purpose + " of '" + appId + "' is already running" + ((runningRunId != null) ? " (run " + runningRunId + ")" : ""));
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

	/**
	 * @return {@code runningRunId} when known, and {@code running} (backup or restore)
	 */
	@Override
	public Map<String, Object> getProblemProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		if (this.runningRunId != null) {
			properties.put("runningRunId", this.runningRunId);
		}
		properties.put("running", this.purpose);
		return properties;
	}

}
