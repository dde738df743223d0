package dev.mamori.core.error;

/**
 * A value the caller sent is not acceptable, with the name of the field that holds it. The API
 * answers 400 with the field and the message in {@code errors}; forms show the message beside the
 * field.
 */
public abstract class InvalidInputException extends RuntimeException {

	private final String field;

	/**
	 * @param field the name of the request field that was wrong
	 * @param message what was wrong, readable by the caller
	 */
	protected InvalidInputException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * @return the name of the request field that was wrong
	 */
	public String getField() {
		return this.field;
	}

}
