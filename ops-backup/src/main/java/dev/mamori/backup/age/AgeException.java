package dev.mamori.backup.age;

import java.io.IOException;

/**
 * An age file that cannot be opened: no identity matches it, its header or a chunk fails
 * authentication, or it ends early. The message says which.
 */
public class AgeException extends IOException {

	private static final long serialVersionUID = 1L;

	public AgeException(String message) {
		super(message);
	}

	public AgeException(String message, Throwable cause) {
		super(message, cause);
	}

}
