package dev.mamori.monitor;

import dev.mamori.core.error.InvalidInputException;

/**
 * A monitor definition from the API that Mamori cannot use; names the field.
 */
public class InvalidMonitorException extends InvalidInputException {

	public InvalidMonitorException(String field, String message) {
		super(field, field + ": " + message);
	}

}
