package dev.mamori.backup;

import dev.mamori.core.error.ConflictException;

/**
 * A drill of the app is already running; drills of one app never overlap.
 */
public class DrillBusyException extends ConflictException {

	public DrillBusyException(String appId, long runningId) {
		super("Already running", "A drill of '" + appId + "' is already running (drill " + runningId + ")");
	}

}
