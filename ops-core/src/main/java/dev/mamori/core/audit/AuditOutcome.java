package dev.mamori.core.audit;

/**
 * How an audited action ended.
 */
public enum AuditOutcome {

	/** It was done. */
	SUCCESS,

	/** It was tried and did not work. */
	FAILURE,

	/** It was refused: wrong credentials, a role too low, a locked account. */
	DENIED

}
