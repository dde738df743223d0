package dev.mamori.backup;

import dev.mamori.core.error.NotFoundException;

/**
 * No app with that id is declared in the configuration.
 */
public class AppNotFoundException extends NotFoundException {

	public AppNotFoundException(String appId) {
		super("No app '" + appId + "' is declared under mamori.apps");
	}

}
