package dev.mamori.core.audit;

import java.time.Instant;

import dev.mamori.core.Actor;

/**
 * One audit event as callers see it.
 *
 * @param id position in the log
 * @param time when it happened
 * @param actorType how the actor was authenticated
 * @param actor username, {@code system} or {@code anonymous}
 * @param action what was done
 * @param target what it was done to
 * @param outcome how it ended
 * @param remoteAddress the client address
 * @param details JSON object with small facts
 * @param hash this event's chain hash
 */
public record AuditRecord(long id, Instant time, Actor.Type actorType, String actor, String action, String target,
		AuditOutcome outcome, String remoteAddress, String details, String hash) {
}
