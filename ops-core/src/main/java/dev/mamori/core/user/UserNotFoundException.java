package dev.mamori.core.user;

import dev.mamori.core.error.NotFoundException;

/**
 * No user has the given name.
 */
public class UserNotFoundException extends NotFoundException {

	public UserNotFoundException(String username) {
		super("No user named '" + username + "'");
	}

}
