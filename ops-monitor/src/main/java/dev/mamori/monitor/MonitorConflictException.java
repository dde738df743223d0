package dev.mamori.monitor;

import dev.mamori.core.error.ConflictException;

/** The change is not possible in the monitor's current state (a name in use, a config monitor). */
public class MonitorConflictException extends ConflictException {

	public MonitorConflictException(String message) {
		super(message);
	}

}
