package dev.mamori.selfstate;

/**
 * A state bundle that cannot be written or used: missing, unreadable, tampered with, or a database
 * that is not a fresh install's. The message is one line that names what was wrong.
 */
public class SelfStateException extends RuntimeException {

	/**
	 * What went wrong, so the command line can pick its message and exit code.
	 */
	public enum Kind {

		/** No bundle where one was expected. */
		MISSING,

		/** The bundle does not check out: checksum, format, content or audit chain. */
		INVALID,

		/** The database already holds state of its own. */
		NOT_EMPTY

	}

	private final Kind kind;

	SelfStateException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	SelfStateException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

}
