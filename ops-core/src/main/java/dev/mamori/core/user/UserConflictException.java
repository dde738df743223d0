package dev.mamori.core.user;

import dev.mamori.core.error.ConflictException;

/**
 * A user change conflicts with the current state: the name is taken, or it would leave Mamori
 * without an enabled administrator.
 */
public class UserConflictException extends ConflictException {

	public UserConflictException(String message) {
		super(message);
	}

}
