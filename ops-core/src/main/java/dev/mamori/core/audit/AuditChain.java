package dev.mamori.core.audit;

import java.time.Instant;
import java.util.Objects;

import dev.mamori.core.Actor;

/**
 * The audit chain outside the database: the hash of one event computed from its stored fields, and a
 * check of a whole chain read from elsewhere (Mamori's state bundle on the backup drive), with the
 * same rules as {@link AuditLog#verify()}. Lets a copy of the log be checked before it is written
 * anywhere.
 */
public final class AuditChain {

	/** The previous hash of the very first event. */
	public static final String GENESIS = AuditHasher.GENESIS;

	private AuditChain() {
	}

	/**
	 * @param link an event's stored fields
	 * @return the hash its content and previous hash give, to compare with {@link Link#hash()}
	 */
	public static String hashOf(Link link) {
		return AuditHasher.hash(link.prevHash(), link.occurredAt(), link.actorType(), link.actor(), link.action(),
				link.target(), link.outcome(), link.remoteAddress(), link.details());
	}

	/**
	 * Checks events oldest first, as {@link AuditLog#verify()} does in the database.
	 * @param links the events, oldest first
	 * @param headHash the hash the chain head names as the newest event's
	 * @return {@code ok}, or the position (1 for the oldest) of the first event that breaks the chain
	 */
	public static AuditVerification verify(Iterable<Link> links, String headHash) {
		String expectedPrev = GENESIS;
		long checked = 0;
		for (Link link : links) {
			checked++;
			if (!expectedPrev.equals(link.prevHash())) {
				return AuditVerification.broken(true, checked, checked,
						"previous hash does not match the event before it (an event was removed or inserted)", null);
			}
			if (!hashOf(link).equals(link.hash())) {
				return AuditVerification.broken(true, checked, checked, "content does not match its hash", null);
			}
			expectedPrev = link.hash();
		}
		if (!Objects.equals(headHash, expectedPrev)) {
			return AuditVerification.broken(true, checked, null,
					"the chain head does not name the last event (events were removed from the end)", null);
		}
		// A chain outside the database (a state bundle): always read whole; no time of a live verification.
		return AuditVerification.intact(true, checked, checked, null);
	}

	/**
	 * One event as stored.
	 *
	 * @param occurredAt when it happened (microseconds)
	 * @param actorType how the actor was authenticated
	 * @param actor the actor's name
	 * @param action what was done
	 * @param target what it was done to, or {@code null}
	 * @param outcome how it ended
	 * @param remoteAddress the client address, or {@code null}
	 * @param details the JSON details as stored
	 * @param prevHash the previous event's hash
	 * @param hash this event's hash
	 */
	public record Link(Instant occurredAt, Actor.Type actorType, String actor, String action,
			String target, AuditOutcome outcome, String remoteAddress, String details, String prevHash, String hash) {

		public Link {
			Objects.requireNonNull(occurredAt, "occurredAt");
			Objects.requireNonNull(actorType, "actorType");
			Objects.requireNonNull(outcome, "outcome");
		}

	}

}
