package dev.mamori.backup.offsite;

/** Where an off-site copy stands. */
public enum CopyState {

	/** To be uploaded. */
	PENDING,

	/** Waiting for the target's time window. */
	WAITING,

	/** Being uploaded or verified. */
	UPLOADING,

	/** An attempt failed; another follows after a backoff. */
	RETRYING,

	/** Uploaded, size and SHA-256 verified. */
	GOOD,

	/** Every attempt failed; alerted. */
	FAILED,

	/** Deleted from the target by its retention. */
	DELETED

}
