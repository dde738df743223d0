package dev.mamori.cli;

/**
 * A configuration file the command line cannot use: missing, unreadable, or a value that does not
 * bind or validate. The message is one line that names the file or the key.
 */
public class CliConfigException extends RuntimeException {

	CliConfigException(String message, Throwable cause) {
		super(message, cause);
	}

}
