package dev.mamori.backup.source;

/**
 * How a backup checks its copy of an SQLite database before the copy goes into the archive.
 * Restores and drills always run the full check on the staged copy before anything live is touched.
 */
public enum SqliteCheck {

	/**
	 * {@code PRAGMA quick_check}: every page, every record's format, NOT NULL and CHECK constraints, but
	 * not whether the indexes match their tables; several times faster on large databases.
	 */
	QUICK("quick_check"),

	/** {@code PRAGMA integrity_check}: all of the above and every index against its table. */
	FULL("integrity_check");

	private final String pragma;

	SqliteCheck(String pragma) {
		this.pragma = pragma;
	}

	/**
	 * @return the pragma's name, as the manifest's {@code tools} records it
	 */
	public String pragma() {
		return this.pragma;
	}

}
