package dev.mamori.backup;

import dev.mamori.core.error.ConflictException;

/**
 * The app's destination cannot be read now (drive not mounted, directory missing).
 */
public class DestinationUnavailableException extends ConflictException {

	public DestinationUnavailableException(String message) {
		super("Destination unavailable", message);
	}

}
