package dev.mamori.backup.source;

import java.nio.file.Path;

/**
 * Where one source of a restore is staged and where its live data is moved aside: everything the
 * restore journal needs to finish or undo the swap after a crash, with no other state.
 *
 * @param sourceId the source id
 * @param type the source type, lower case, as in the manifest
 * @param live the live file or directory, or for PostgreSQL the live database name
 * @param staged where the snapshot's data is written before the swap (a path, or a database)
 * @param aside where the live data goes at the swap (a path, or a database); {@code null} when the
 * handler replaces the data in place (PostgreSQL without the right to rename databases)
 * @param hadLive whether live data existed when the restore began (on a spare machine it does not)
 * @param work a scratch file of the handler (a dump), or {@code null}
 */
public record Staging(String sourceId, String type, String live, String staged, String aside, boolean hadLive,
		String work) {

	/**
	 * @return the live location as a path
	 */
	public Path livePath() {
		return Path.of(this.live);
	}

	/**
	 * @return the staging location as a path
	 */
	public Path stagedPath() {
		return Path.of(this.staged);
	}

	/**
	 * @return the aside location as a path, or {@code null}
	 */
	public Path asidePath() {
		return (this.aside != null) ? Path.of(this.aside) : null;
	}

}
