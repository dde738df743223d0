package dev.mamori.web.security;

import dev.mamori.core.user.UserService;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Loads local users for password logins.
 */
final class DatabaseUserDetailsService implements UserDetailsService {

	private final UserService users;

	DatabaseUserDetailsService(UserService users) {
		this.users = users;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return this.users.credentials(username)
			.map((user) -> User.withUsername(user.username())
				.password(user.passwordHash())
				.roles(user.role().name())
				.disabled(!user.enabled())
				.build())
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
	}

}
