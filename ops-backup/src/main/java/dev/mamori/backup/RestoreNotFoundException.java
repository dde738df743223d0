package dev.mamori.backup;

/**
 * No restore with that id.
 */
public class RestoreNotFoundException extends RuntimeException {

	public RestoreNotFoundException(long id) {
		super("No restore with id " + id);
	}

}
