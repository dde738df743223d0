package dev.mamori.backup;

/**
 * No app with that id is declared in the configuration.
 */
public class AppNotFoundException extends RuntimeException {

	public AppNotFoundException(String appId) {
		super("No app '" + appId + "' is declared under mamori.apps");
	}

}
