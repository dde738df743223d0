package dev.mamori.web.api;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.web.security.RequestActors;
import dev.mamori.web.security.TokenAuthentication;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;

/**
 * The authenticated caller of an API request, as controllers need it.
 *
 * @param actor for the audit log
 * @param role the role the caller acts with
 * @param tokenId the token used, or {@code null} for a password
 */
record CurrentCaller(Actor actor, Role role, Long tokenId) {

	static CurrentCaller of(Authentication authentication, HttpServletRequest request) {
		Role role = RequestActors.role(authentication).orElse(Role.VIEWER);
		Long tokenId = (authentication instanceof TokenAuthentication token) ? token.getPrincipal().tokenId() : null;
		return new CurrentCaller(RequestActors.actor(authentication, request), role, tokenId);
	}

}
