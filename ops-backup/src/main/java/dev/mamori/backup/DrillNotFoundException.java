package dev.mamori.backup;

import dev.mamori.core.error.NotFoundException;

/**
 * No drill run has that id.
 */
public class DrillNotFoundException extends NotFoundException {

	public DrillNotFoundException(long id) {
		super("No drill with id " + id);
	}

}
