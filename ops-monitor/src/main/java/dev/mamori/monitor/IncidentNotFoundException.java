package dev.mamori.monitor;

/** No incident with that id. */
public class IncidentNotFoundException extends RuntimeException {

	public IncidentNotFoundException(long id) {
		super("No incident with id " + id);
	}

}
