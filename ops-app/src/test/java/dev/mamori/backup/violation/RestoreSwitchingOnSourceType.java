package dev.mamori.backup.violation;

import dev.mamori.backup.source.Source;


/**
 * Test-only: a class outside the source package that branches on the source type, which the
 * architecture rule must refuse.
 */
public final class RestoreSwitchingOnSourceType {

	private RestoreSwitchingOnSourceType() {
	}

	public static String describe(Source source) {
		return switch (source.type()) {
			case SQLITE -> "a database file";
			case POSTGRES -> "a database server";
			case DIRECTORY, FILE -> "files";
		};
	}

}
