package dev.mamori.monitor.checklist;

import dev.mamori.core.error.InvalidInputException;

/**
 * A sign-off comment that is too long.
 */
public class InvalidChecklistRequestException extends InvalidInputException {

	InvalidChecklistRequestException(String field, String message) {
		super(field, message);
	}

}
