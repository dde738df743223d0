package dev.mamori.backup.archive;

import java.io.IOException;

/**
 * An archive that is not extracted, or not called intact, because of what is in it: an entry that
 * could land outside its target, a type Mamori never writes, bytes the manifest does not declare,
 * a damaged file, or a sidecar manifest that disagrees with the one inside. The message is one
 * sentence naming the entry, for the UI, the CLI and the API.
 */
public class ArchiveRefusedException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what was wrong, naming the entry
	 */
	public ArchiveRefusedException(String message) {
		super(message);
	}

	/**
	 * @param message what was wrong, naming the entry
	 * @param cause the read error behind it
	 */
	public ArchiveRefusedException(String message, Throwable cause) {
		super(message, cause);
	}

}
