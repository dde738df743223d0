package dev.mamori.core.user;

import java.time.Instant;

import dev.mamori.core.Role;

/**
 * An API token as it is listed: never the secret, never its hash.
 *
 * @param id the token's id
 * @param name what the owner called it
 * @param prefix the first characters of the secret, to recognise it
 * @param role the highest role it acts with
 * @param scope what it may be used for
 * @param createdAt when it was created
 * @param expiresAt when it stops working, or {@code null} for never
 * @param lastUsedAt when it last authenticated a request (to the minute)
 * @param revokedAt when it was revoked, or {@code null}
 * @param status {@code ACTIVE}, {@code EXPIRED} or {@code REVOKED}
 */
public record TokenView(long id, String name, String prefix, Role role, TokenScope scope, Instant createdAt,
		Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String status) {
}
