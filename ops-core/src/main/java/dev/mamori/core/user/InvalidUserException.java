package dev.mamori.core.user;

/**
 * A user or token request breaks a rule: a malformed name, a weak password, a role higher than the
 * requester's own.
 */
public class InvalidUserException extends RuntimeException {

	private final String field;

	public InvalidUserException(String field, String message) {
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
