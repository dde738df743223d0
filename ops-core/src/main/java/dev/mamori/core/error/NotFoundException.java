package dev.mamori.core.error;

/**
 * Something the caller named does not exist: an app, a snapshot, a user, a monitor. The API answers
 * 404 with the message as the detail; the pages show the 404 page.
 */
public abstract class NotFoundException extends RuntimeException {

	/**
	 * @param message what was not found, readable by the caller
	 */
	protected NotFoundException(String message) {
		super(message);
	}

}
