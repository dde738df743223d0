package dev.mamori.core.user;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and removes local users. Every change is audited in the same transaction.
 */
@Service
public class UserService {

	private static final Logger logger = LoggerFactory.getLogger(UserService.class);

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

	/** BCrypt reads at most 72 bytes; longer passwords would be silently cut. */
	private static final int MAX_PASSWORD_BYTES = 72;

	private static final int MIN_PASSWORD_LENGTH = 8;

	private final UserAccountRepository users;

	private final PasswordEncoder passwordEncoder;

	private final AuditLog audit;

	private final Clock clock;

	UserService(UserAccountRepository users, PasswordEncoder passwordEncoder, AuditLog audit, Clock clock) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * @return every user, by name
	 */
	@Transactional(readOnly = true)
	public List<UserView> list() {
		return this.users.findAllByOrderByUsernameAsc().stream().map(UserAccount::toView).toList();
	}

	/**
	 * @param username the login name
	 * @return the user
	 * @throws UserNotFoundException when there is none
	 */
	@Transactional(readOnly = true)
	public UserView get(String username) {
		return this.users.findByUsername(username).map(UserAccount::toView)
			.orElseThrow(() -> new UserNotFoundException(username));
	}

	/**
	 * @param username the login name
	 * @return what a login needs to check the password, if the user exists
	 */
	@Transactional(readOnly = true)
	public Optional<UserCredentials> credentials(String username) {
		return this.users.findByUsername(username)
			.map((user) -> new UserCredentials(user.getUsername(), user.getPasswordHash(), user.getRole(),
					user.isEnabled()));
	}

	/**
	 * @return whether any user exists
	 */
	@Transactional(readOnly = true)
	public boolean hasUsers() {
		return this.users.count() > 0;
	}

	/**
	 * Creates a user.
	 * @param actor who asks
	 * @param username a lower-case name of 2 to 64 letters, digits, dots, dashes, underscores
	 * @param password at least 8 characters and at most 72 bytes
	 * @param role the role
	 * @return the new user
	 */
	@Transactional
	public UserView create(Actor actor, String username, String password, Role role) {
		checkUsername(username);
		checkPassword("password", password);
		if (role == null) {
			throw new InvalidUserException("role", "role is required: one of VIEWER, OPERATOR, ADMIN");
		}
		if (this.users.findByUsername(username).isPresent()) {
			throw new UserConflictException("A user named '" + username + "' already exists");
		}
		UserAccount user = this.users.saveAndFlush(
				new UserAccount(username, this.passwordEncoder.encode(password), role, this.clock.instant()));
		this.audit.record(actor, "USER_CREATED", username, AuditOutcome.SUCCESS, Map.of("role", role.name()));
		return user.toView();
	}

	/**
	 * Changes a user's role, password or enabled flag; {@code null} leaves a field as it is.
	 * @param actor who asks
	 * @param username the user to change
	 * @param role the new role, or {@code null}
	 * @param password the new password, or {@code null}
	 * @param enabled the new enabled flag, or {@code null}
	 * @return the changed user
	 */
	@Transactional
	public UserView update(Actor actor, String username, Role role, String password, Boolean enabled) {
		UserAccount user = this.users.findByUsername(username).orElseThrow(() -> new UserNotFoundException(username));
		Map<String, Object> changes = new LinkedHashMap<>();
		if (password != null) {
			checkPassword("password", password);
			user.changePassword(this.passwordEncoder.encode(password), this.clock.instant());
			changes.put("password", "changed");
		}
		boolean wasActiveAdmin = user.getRole() == Role.ADMIN && user.isEnabled();
		if (role != null && role != user.getRole()) {
			changes.put("role", user.getRole() + "->" + role);
			user.setRole(role);
		}
		if (enabled != null && enabled != user.isEnabled()) {
			changes.put("enabled", enabled);
			user.setEnabled(enabled);
		}
		boolean isActiveAdmin = user.getRole() == Role.ADMIN && user.isEnabled();
		if (wasActiveAdmin && !isActiveAdmin) {
			ensureAnotherAdmin(username);
		}
		this.audit.record(actor, "USER_UPDATED", username, AuditOutcome.SUCCESS, changes);
		return user.toView();
	}

	/**
	 * Changes the password of the acting user after checking the current one.
	 * @param actor the user
	 * @param currentPassword the password now
	 * @param newPassword the password to set
	 */
	@Transactional
	public void changeOwnPassword(Actor actor, String currentPassword, String newPassword) {
		UserAccount user = this.users.findByUsername(actor.name())
			.orElseThrow(() -> new UserNotFoundException(actor.name()));
		if (currentPassword == null || !this.passwordEncoder.matches(currentPassword, user.getPasswordHash())) {
			throw new InvalidUserException("currentPassword", "the current password is wrong");
		}
		checkPassword("newPassword", newPassword);
		user.changePassword(this.passwordEncoder.encode(newPassword), this.clock.instant());
		this.audit.record(actor, "PASSWORD_CHANGED", actor.name(), AuditOutcome.SUCCESS, Map.of());
	}

	/**
	 * Deletes a user and, with it, the user's API tokens.
	 * @param actor who asks
	 * @param username the user to delete
	 */
	@Transactional
	public void delete(Actor actor, String username) {
		UserAccount user = this.users.findByUsername(username).orElseThrow(() -> new UserNotFoundException(username));
		if (user.getRole() == Role.ADMIN && user.isEnabled()) {
			ensureAnotherAdmin(username);
		}
		this.users.delete(user);
		this.users.flush();
		this.audit.record(actor, "USER_DELETED", username, AuditOutcome.SUCCESS, Map.of());
	}

	/**
	 * On a database without users, creates {@code admin}: with the given password, or with a random
	 * one that is returned so the caller can show it once.
	 * @param configuredPassword the password from configuration, or {@code null}
	 * @return the generated password when one was generated; empty when users already existed or
	 * the configured password was used
	 */
	@Transactional
	public Optional<String> createInitialAdmin(String configuredPassword) {
		if (this.users.count() > 0) {
			return Optional.empty();
		}
		boolean generate = configuredPassword == null || configuredPassword.isBlank();
		String password = generate ? randomPassword() : configuredPassword;
		checkPassword("mamori.admin-password", password);
		try {
			this.users.saveAndFlush(new UserAccount("admin", this.passwordEncoder.encode(password), Role.ADMIN,
					this.clock.instant()));
		}
		catch (DataIntegrityViolationException ex) {
			// Another instance sharing the database created it first.
			logger.info("Initial admin user was created by another instance");
			return Optional.empty();
		}
		this.audit.record(Actor.SYSTEM, "USER_CREATED", "admin", AuditOutcome.SUCCESS,
				Map.of("role", Role.ADMIN.name(), "initial", true, "passwordSource", generate ? "generated" : "config"));
		return generate ? Optional.of(password) : Optional.empty();
	}

	private void ensureAnotherAdmin(String username) {
		// The user being changed is still counted when the flush has not happened; count the others.
		long activeAdmins = this.users.countByRoleAndEnabledTrue(Role.ADMIN);
		boolean selfCounted = this.users.findByUsername(username)
			.map((u) -> u.getRole() == Role.ADMIN && u.isEnabled())
			.orElse(false);
		long others = selfCounted ? activeAdmins - 1 : activeAdmins;
		if (others < 1) {
			throw new UserConflictException(
					"'" + username + "' is the last enabled ADMIN; create or enable another ADMIN first");
		}
	}

	private static void checkUsername(String username) {
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw new InvalidUserException("username",
					"username must be 2 to 64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
	}

	static void checkPassword(String field, String password) {
		if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
			throw new InvalidUserException(field, field + " must have at least " + MIN_PASSWORD_LENGTH + " characters");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			throw new InvalidUserException(field, field + " must be at most " + MAX_PASSWORD_BYTES + " bytes");
		}
	}

	private static String randomPassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
