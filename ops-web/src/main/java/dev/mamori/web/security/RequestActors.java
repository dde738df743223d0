package dev.mamori.web.security;

import java.util.Comparator;
import java.util.Optional;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Turns the authenticated caller of a request into the {@link Actor} recorded in the audit log and
 * the {@link Role} it acts with.
 */
public final class RequestActors {

	private RequestActors() {
	}

	/**
	 * @param authentication the caller
	 * @param request the request, for the client address
	 * @return the actor
	 */
	public static Actor actor(Authentication authentication, HttpServletRequest request) {
		String address = (request != null) ? request.getRemoteAddr() : remoteAddress(authentication);
		if (authentication == null || !authentication.isAuthenticated()) {
			return new Actor(Actor.Type.ANONYMOUS, "anonymous", address);
		}
		Actor.Type type = (authentication instanceof TokenAuthentication) ? Actor.Type.TOKEN : Actor.Type.USER;
		return new Actor(type, authentication.getName(), address);
	}

	/**
	 * @param authentication the caller
	 * @return the highest role among its authorities, if any
	 */
	public static Optional<Role> role(Authentication authentication) {
		if (authentication == null) {
			return Optional.empty();
		}
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((a) -> a != null && a.startsWith("ROLE_"))
			.map((a) -> parseRole(a.substring(5)))
			.flatMap(Optional::stream)
			.max(Comparator.naturalOrder());
	}

	static String remoteAddress(Authentication authentication) {
		return (authentication != null && authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
	}

	private static Optional<Role> parseRole(String name) {
		try {
			return Optional.of(Role.valueOf(name));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
