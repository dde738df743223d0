package dev.mamori.core.audit;

import java.time.Instant;
import java.util.Map;

import dev.mamori.core.Actor;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

/**
 * The one way every module records what happened. Events are appended, never changed; each one
 * stores the SHA-256 of the previous event's hash and its own content, so {@link #verify()} finds
 * the first event that was altered, inserted or removed behind Mamori's back; {@link #verifyRecent()}
 * checks only what was appended since the last verification.
 */
public interface AuditLog {

	/**
	 * Appends an event. Joins the caller's transaction when there is one, so an action that rolls
	 * back leaves no event claiming it happened.
	 * @param actor who did it
	 * @param action what was done, an upper-case verb phrase such as {@code USER_CREATED}
	 * @param target what it was done to, or {@code null}
	 * @param outcome how it ended
	 * @param details small facts worth keeping (never a secret); may be empty
	 * @return the stored event
	 */
	AuditRecord record(Actor actor, String action, String target, AuditOutcome outcome, Map<String, ?> details);

	/**
	 * Events matching a query, newest first.
	 * @param query the filter; {@code null} fields match everything
	 * @param pageable page and size
	 * @return one page of events
	 */
	Page<AuditRecord> search(AuditQuery query, Pageable pageable);

	/**
	 * Recomputes the whole chain, from its first event to the chain head. Its result is kept as
	 * the starting point of {@link #verifyRecent()}.
	 * @return {@code ok}, or the id of the first event whose chain breaks and why
	 */
	AuditVerification verify();

	/**
	 * Verifies the events appended since the last verification in this process, from the last
	 * verified event (which must still be there, unchanged) to the chain head: what a page view
	 * can afford with a long log. A change to an older event is found only by {@link #verify()},
	 * which runs instead when there is no intact verification to start from (after a start, or
	 * after a break was found), and which runs in full at startup and daily.
	 * @return {@code ok}, or the id of the first event whose chain breaks and why, with when the
	 * whole chain was last recomputed
	 */
	AuditVerification verifyRecent();

	/**
	 * A filter on the audit log.
	 * @param actor exact actor name
	 * @param action exact action
	 * @param from earliest time, inclusive
	 * @param to latest time, exclusive
	 */
	record AuditQuery(String actor, String action, Instant from, Instant to) {
	}

}
