package dev.mamori.monitor.action;

import java.util.Map;

import dev.mamori.core.error.ConflictException;

/**
 * The action is already running; one run of an action at a time.
 */
public class ActionBusyException extends ConflictException {

	private final long runningRunId;

	ActionBusyException(String id, long runningRunId) {
		super("Action running", "Action " + id + " is already running (run " + runningRunId + ")");
		this.runningRunId = runningRunId;
	}

	@Override
	public Map<String, Object> getProblemProperties() {
		return Map.of("runningRunId", this.runningRunId);
	}

}
