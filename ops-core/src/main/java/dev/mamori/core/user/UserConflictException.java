package dev.mamori.core.user;

/**
 * A user change conflicts with the current state: the name is taken, or it would leave Mamori
 * without an enabled administrator.
 */
public class UserConflictException extends RuntimeException {

	public UserConflictException(String message) {
		super(message);
	}

}
