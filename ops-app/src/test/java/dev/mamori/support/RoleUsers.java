package dev.mamori.support;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserNotFoundException;
import dev.mamori.core.user.UserService;

/**
 * One known user per role, created on demand: {@code viewer}, {@code operator}, {@code admin2}
 * (the initial {@code admin} is kept for other purposes), each with the password
 * {@code <name>-password-1}.
 */
public final class RoleUsers {

	private RoleUsers() {
	}

	/**
	 * @param users the user service
	 * @param role the role wanted
	 * @return HTTP Basic credentials of a user with exactly that role
	 */
	public static Http.Auth ensure(UserService users, Role role) {
		String name = username(role);
		try {
			users.get(name);
		}
		catch (UserNotFoundException ex) {
			users.create(Actor.SYSTEM, name, password(role), role);
		}
		return Http.Auth.basic(name, password(role));
	}

	public static String username(Role role) {
		return switch (role) {
			case VIEWER -> "viewer";
			case OPERATOR -> "operator";
			case ADMIN -> "admin2";
		};
	}

	public static String password(Role role) {
		return username(role) + "-password-1";
	}

}
