package dev.mamori.monitor.checklist;

import dev.mamori.core.error.NotFoundException;

/**
 * No checklist, checklist run or item with the id asked for.
 */
public class ChecklistNotFoundException extends NotFoundException {

	ChecklistNotFoundException(String message) {
		super(message);
	}

}
