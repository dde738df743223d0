package dev.mamori.backup.restore;

/**
 * How a restore ended.
 */
public enum RestoreStatus {

	/** Under way. */
	RUNNING,

	/** Restored, checked, started and healthy. */
	SUCCEEDED,

	/** Stopped before any live data was touched. */
	FAILED,

	/** A step after the service stopped failed; the live data was put back as it was. */
	ROLLED_BACK,

	/** The rollback itself failed: the app needs a person now; the message says what is where. */
	ROLLBACK_FAILED

}
