package dev.mamori.backup;

/**
 * The app's destination cannot be read now (drive not mounted, directory missing).
 */
public class DestinationUnavailableException extends RuntimeException {

	public DestinationUnavailableException(String message) {
		super(message);
	}

}
