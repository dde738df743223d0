package dev.mamori.backup;

import dev.mamori.core.error.InvalidInputException;

/**
 * A drill request is wrong: the snapshot belongs to another app, is corrupt, or the app has nothing to
 * drill. Names the field.
 */
public class DrillRequestException extends InvalidInputException {

	public DrillRequestException(String field, String message) {
		super(field, message);
	}

}
