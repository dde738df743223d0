package dev.mamori.core.user;

import dev.mamori.core.error.InvalidInputException;

/**
 * A user or token request breaks a rule: a malformed name, a weak password, a role higher than the
 * requester's own.
 */
public class InvalidUserException extends InvalidInputException {

	public InvalidUserException(String field, String message) {
		super(field, message);
	}

}
