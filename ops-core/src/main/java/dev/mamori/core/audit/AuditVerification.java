package dev.mamori.core.audit;

import java.time.Instant;

/**
 * The result of recomputing the audit chain, in full or from the last verified event on.
 *
 * @param ok whether every event read and the chain head agree
 * @param full whether this verification recomputed the whole chain from its first event
 * @param eventsChecked how many events this verification read
 * @param firstBrokenId the id of the first event whose chain breaks, or {@code null}
 * @param reason what did not match, or {@code null}
 * @param chainLength how many events the chain holds as far as it is verified now: all of them
 * after a full verification, the ones verified before plus the new ones after an incremental one
 * @param fullyVerifiedAt when this process last recomputed the whole chain from its first event
 * (for a full verification, now); {@code null} if never
 */
public record AuditVerification(boolean ok, boolean full, long eventsChecked, Long firstBrokenId, String reason, long chainLength,
		Instant fullyVerifiedAt) {

	static AuditVerification intact(boolean full, long checked, long chainLength, Instant fullyVerifiedAt) {
		return new AuditVerification(true, full, checked, null, null, chainLength, fullyVerifiedAt);
	}

	static AuditVerification broken(boolean full, long checked, Long id, String reason, Instant fullyVerifiedAt) {
		return new AuditVerification(false, full, checked, id, reason, checked, fullyVerifiedAt);
	}

}
