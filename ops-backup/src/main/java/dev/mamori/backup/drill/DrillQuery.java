package dev.mamori.backup.drill;

/**
 * A verification query run on a source's restored copy.
 *
 * @param source the source id (an SQLite source)
 * @param sql the query, read-only
 * @param expect what its result must be
 * @param value the bound for {@link Expect#AT_LEAST}
 */
public record DrillQuery(String source, String sql, Expect expect, long value) {

	/** What the result must be. */
	public enum Expect {

		/** No row at all (orphans, {@code PRAGMA foreign_key_check}). */
		NO_ROWS,

		/** At least one row. */
		SOME_ROWS,

		/** The first column of the first row is a number of at least {@code value}. */
		AT_LEAST

	}

	/**
	 * @return the condition in words, after "must"
	 */
	public String condition() {
		return switch (this.expect) {
			case NO_ROWS -> "return no rows";
			case SOME_ROWS -> "return rows";
			case AT_LEAST -> "return at least " + this.value;
		};
	}

}
