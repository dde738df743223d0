package dev.mamori.backup;

import dev.mamori.core.error.NotFoundException;

/**
 * No restore with that id.
 */
public class RestoreNotFoundException extends NotFoundException {

	public RestoreNotFoundException(long id) {
		super("No restore with id " + id);
	}

}
