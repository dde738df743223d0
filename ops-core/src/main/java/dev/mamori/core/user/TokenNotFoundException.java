package dev.mamori.core.user;

import dev.mamori.core.error.NotFoundException;

/**
 * No token with that id belongs to the requester.
 */
public class TokenNotFoundException extends NotFoundException {

	public TokenNotFoundException(long id) {
		super("No token with id " + id);
	}

}
