package dev.mamori.monitor;

/**
 * A monitor definition from the API that Mamori cannot use; names the field.
 */
public class InvalidMonitorException extends RuntimeException {

	private final String field;

	public InvalidMonitorException(String field, String message) {
		super(field + ": " + message);
		this.field = field;
	}

	public String getField() {
		return this.field;
	}

}
