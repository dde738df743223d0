package dev.mamori.monitor.logs;

import dev.mamori.core.error.NotFoundException;

/**
 * No log source has the id asked for.
 */
public class LogNotFoundException extends NotFoundException {

	public LogNotFoundException(String id) {
		super("No log source " + id);
	}

}
