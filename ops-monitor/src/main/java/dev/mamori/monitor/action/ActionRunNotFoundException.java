package dev.mamori.monitor.action;

import dev.mamori.core.error.NotFoundException;

/**
 * No action run has the id asked for.
 */
public class ActionRunNotFoundException extends NotFoundException {

	ActionRunNotFoundException(long id) {
		super("No action run " + id);
	}

}
