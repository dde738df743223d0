package dev.mamori.core.user;

import java.time.Instant;

import dev.mamori.core.Role;

/**
 * A user as the API and UI show it: never the password hash.
 *
 * @param username the login name
 * @param role the user's role
 * @param enabled whether the user may log in
 * @param createdAt when the user was created
 * @param passwordChangedAt when the password was last set
 */
public record UserView(String username, Role role, boolean enabled, Instant createdAt, Instant passwordChangedAt) {
}
