package dev.mamori.monitor.action;

import dev.mamori.core.error.InvalidInputException;

/**
 * A parameter value outside its set or pattern, a missing or unknown parameter, or a missing
 * confirmation.
 */
public class InvalidActionRequestException extends InvalidInputException {

	InvalidActionRequestException(String field, String message) {
		super(field, message);
	}

}
