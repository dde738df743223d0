package dev.mamori.backup.source;

/**
 * A source could not be backed up; the message says which source and why, in words a person can
 * act on.
 */
public class SourceException extends Exception {

	public SourceException(String message) {
		super(message);
	}

	public SourceException(String message, Throwable cause) {
		super(message, cause);
	}

}
