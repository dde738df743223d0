package dev.mamori.backup;

/**
 * How far a snapshot can be trusted.
 */
public enum SnapshotStatus {

	/** Written completely and every entry re-read and checked. */
	GOOD,

	/** Written completely, not (yet) verified. */
	UNVERIFIED,

	/** Verification found a problem; never used for a restore. */
	CORRUPT

}
