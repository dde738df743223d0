package dev.mamori.monitor;

/** No monitor (or heartbeat token) matches. */
public class MonitorNotFoundException extends RuntimeException {

	public MonitorNotFoundException(String what) {
		super("No monitor " + what);
	}

}
