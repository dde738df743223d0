package dev.mamori.core.audit;

/**
 * The result of recomputing the audit chain.
 *
 * @param ok whether every event and the chain head agree
 * @param eventsChecked how many events were read
 * @param firstBrokenId the id of the first event whose chain breaks, or {@code null}
 * @param reason what did not match, or {@code null}
 */
public record AuditVerification(boolean ok, long eventsChecked, Long firstBrokenId, String reason) {

	static AuditVerification intact(long checked) {
		return new AuditVerification(true, checked, null, null);
	}

	static AuditVerification broken(long checked, Long id, String reason) {
		return new AuditVerification(false, checked, id, reason);
	}

}
