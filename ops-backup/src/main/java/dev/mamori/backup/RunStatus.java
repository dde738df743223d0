package dev.mamori.backup;

/**
 * Where a backup run is.
 */
public enum RunStatus {

	/** Being written. */
	RUNNING,

	/** Finished with a snapshot. */
	SUCCEEDED,

	/** Failed, or was interrupted; no good snapshot came of it. */
	FAILED

}
