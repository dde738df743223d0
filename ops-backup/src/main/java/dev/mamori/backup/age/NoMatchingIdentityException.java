package dev.mamori.backup.age;

/**
 * None of the identities given can open an age file: it was encrypted to other recipients.
 */
public class NoMatchingIdentityException extends AgeException {

	private static final long serialVersionUID = 1L;

	public NoMatchingIdentityException(String message) {
		super(message);
	}

}
