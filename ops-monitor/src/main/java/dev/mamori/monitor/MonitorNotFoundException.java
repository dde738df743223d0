package dev.mamori.monitor;

import dev.mamori.core.error.NotFoundException;

/** No monitor (or heartbeat token) matches. */
public class MonitorNotFoundException extends NotFoundException {

	public MonitorNotFoundException(String what) {
		super("No monitor " + what);
	}

}
