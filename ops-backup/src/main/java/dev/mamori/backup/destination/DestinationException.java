package dev.mamori.backup.destination;

/**
 * A destination is not fit to receive an archive: missing, not a directory, read-only, the wrong
 * drive, or too full. The message says which, and what to do.
 */
public class DestinationException extends Exception {

	public DestinationException(String message) {
		super(message);
	}

}
