package dev.mamori.core.error;

import java.util.Map;

/**
 * A request that is well formed but conflicts with the current state: a name already taken, a
 * backup already running, a destination that cannot be reached. The API answers 409 with
 * {@link #getTitle()} as the title, the message as the detail and {@link #getProblemProperties()}
 * as extra members.
 */
public abstract class ConflictException extends RuntimeException {

	private final String title;

	/**
	 * @param message why the request conflicts, readable by the caller
	 */
	protected ConflictException(String message) {
		this("Conflict", message);
	}

	/**
	 * @param title a short summary of the kind of conflict
	 * @param message why the request conflicts, readable by the caller
	 */
	protected ConflictException(String title, String message) {
		super(message);
		this.title = title;
	}

	/**
	 * @return a short summary of the kind of conflict ({@code Conflict} unless a subclass says more)
	 */
	public String getTitle() {
		return this.title;
	}

	/**
	 * @return members a client can act on (the id of the run that is in the way), in a stable order;
	 * empty by default
	 */
	public Map<String, Object> getProblemProperties() {
		return Map.of();
	}

}
