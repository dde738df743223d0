package dev.mamori.monitor;

/** The change is not possible in the monitor's current state (a name in use, a config monitor). */
public class MonitorConflictException extends RuntimeException {

	public MonitorConflictException(String message) {
		super(message);
	}

}
