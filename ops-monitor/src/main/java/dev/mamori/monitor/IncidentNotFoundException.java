package dev.mamori.monitor;

import dev.mamori.core.error.NotFoundException;

/** No incident with that id. */
public class IncidentNotFoundException extends NotFoundException {

	public IncidentNotFoundException(long id) {
		super("No incident with id " + id);
	}

}
