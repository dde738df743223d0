package dev.mamori.backup;

/**
 * No snapshot with that id or name is in the catalog.
 */
public class SnapshotNotFoundException extends RuntimeException {

	public SnapshotNotFoundException(String what) {
		super("No snapshot " + what);
	}

}
