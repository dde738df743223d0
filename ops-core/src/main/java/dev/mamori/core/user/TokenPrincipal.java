package dev.mamori.core.user;

import dev.mamori.core.Role;

/**
 * Who a valid bearer token acts for.
 *
 * @param tokenId the token's id
 * @param tokenName the token's name
 * @param username its owner
 * @param role the lower of the token's role and the owner's current role
 * @param scope what the token may be used for
 */
public record TokenPrincipal(long tokenId, String tokenName, String username, Role role, TokenScope scope) {
}
