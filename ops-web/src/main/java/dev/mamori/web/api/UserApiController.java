package dev.mamori.web.api;

import java.net.URI;
import java.util.List;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.core.user.UserView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * User administration; ADMIN only (enforced by the API filter chain).
 */
@RestController
@RequestMapping("/api/users")
class UserApiController {

	private final UserService users;

	UserApiController(UserService users) {
		this.users = users;
	}

	@GetMapping
	List<UserView> list() {
		return this.users.list();
	}

	@GetMapping("/{username}")
	UserView get(@PathVariable String username) {
		return this.users.get(username);
	}

	@PostMapping
	ResponseEntity<UserView> create(@Valid @RequestBody CreateUserRequest body, Actor actor) {
		UserView user = this.users.create(actor, body.username(),
				body.password(), body.role());
		return ResponseEntity.created(URI.create("/api/users/" + user.username())).body(user);
	}

	@PutMapping("/{username}")
	UserView update(@PathVariable String username, @RequestBody UpdateUserRequest body, Actor actor) {
		return this.users.update(actor, username, body.role(),
				body.password(), body.enabled());
	}

	@DeleteMapping("/{username}")
	ResponseEntity<Void> delete(@PathVariable String username, Actor actor) {
		this.users.delete(actor, username);
		return ResponseEntity.noContent().build();
	}

	/**
	 * @param username lower-case login name
	 * @param password at least 8 characters
	 * @param role VIEWER, OPERATOR or ADMIN
	 */
	record CreateUserRequest(@NotBlank String username, @NotBlank String password, @NotNull Role role) {

		@Override
		public String toString() {
			return "CreateUserRequest[username=" + this.username + ", role=" + this.role + "]";
		}

	}

	/**
	 * Fields left out are not changed.
	 * @param role a new role
	 * @param password a new password
	 * @param enabled whether the user may log in
	 */
	record UpdateUserRequest(Role role, String password, Boolean enabled) {

		@Override
		public String toString() {
			return "UpdateUserRequest[role=" + this.role + ", enabled=" + this.enabled + "]";
		}

	}

}
