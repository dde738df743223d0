package dev.mamori.monitor.action;

import dev.mamori.core.error.NotFoundException;

/**
 * No action is declared with the id asked for.
 */
public class ActionNotFoundException extends NotFoundException {

	ActionNotFoundException(String id) {
		super("No action " + id);
	}

}
