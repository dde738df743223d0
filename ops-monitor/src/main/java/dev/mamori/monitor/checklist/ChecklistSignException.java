package dev.mamori.monitor.checklist;

import dev.mamori.core.error.ConflictException;

/**
 * An item that cannot be signed now: it is automatic, or already done.
 */
public class ChecklistSignException extends ConflictException {

	ChecklistSignException(String message) {
		super("Cannot sign", message);
	}

}
