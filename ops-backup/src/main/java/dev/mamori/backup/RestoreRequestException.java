package dev.mamori.backup;

import dev.mamori.core.error.InvalidInputException;

/**
 * A restore request is wrong: the confirmation does not match, a source is unknown, the snapshot
 * belongs to another app or is corrupt. Names the field.
 */
public class RestoreRequestException extends InvalidInputException {

	public RestoreRequestException(String field, String message) {
		super(field, message);
	}

}
