package dev.mamori.core.user;

/**
 * No user has the given name.
 */
public class UserNotFoundException extends RuntimeException {

	public UserNotFoundException(String username) {
		super("No user named '" + username + "'");
	}

}
