package dev.mamori.backup;

import dev.mamori.core.error.NotFoundException;

/**
 * No snapshot with that id or name is in the catalog.
 */
public class SnapshotNotFoundException extends NotFoundException {

	public SnapshotNotFoundException(String what) {
		super("No snapshot " + what);
	}

}
