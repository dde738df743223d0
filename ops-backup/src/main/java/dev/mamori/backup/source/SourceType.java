package dev.mamori.backup.source;

/** What kind of source a {@link Source} is. */
public enum SourceType {

	/** An SQLite database file, copied with the online backup API. */
	SQLITE,

	/** A PostgreSQL database, dumped with {@code pg_dump --format=custom}. */
	POSTGRES,

	/** A directory tree. */
	DIRECTORY,

	/** A single file such as {@code .env}. */
	FILE;

	/**
	 * @return whether the source is located by {@code path} (every type but {@code POSTGRES},
	 * which is located by {@code url})
	 */
	public boolean isLocatedByPath() {
		return this != POSTGRES;
	}

	/**
	 * @return whether the source is a database with tables and rows (SQLite, PostgreSQL)
	 */
	public boolean hasRows() {
		return this == SQLITE || this == POSTGRES;
	}

}

