package dev.mamori.core.user;

/**
 * No token with that id belongs to the requester.
 */
public class TokenNotFoundException extends RuntimeException {

	public TokenNotFoundException(long id) {
		super("No token with id " + id);
	}

}
