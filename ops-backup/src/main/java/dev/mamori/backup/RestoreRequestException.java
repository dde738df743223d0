package dev.mamori.backup;

/**
 * A restore request is wrong: the confirmation does not match, a source is unknown, the snapshot
 * belongs to another app or is corrupt. Names the field.
 */
public class RestoreRequestException extends RuntimeException {

	private final String field;

	public RestoreRequestException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String getField() {
		return this.field;
	}

}
