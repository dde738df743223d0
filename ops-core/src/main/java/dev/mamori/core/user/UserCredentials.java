package dev.mamori.core.user;

import dev.mamori.core.Role;

/**
 * What the login machinery needs to check a password; never leaves the security layer.
 *
 * @param username the login name
 * @param passwordHash the encoded password
 * @param role the user's role
 * @param enabled whether the user may log in
 */
public record UserCredentials(String username, String passwordHash, Role role, boolean enabled) {

	@Override
	public String toString() {
		return "UserCredentials[username=" + this.username + ", role=" + this.role + "]";
	}

}
