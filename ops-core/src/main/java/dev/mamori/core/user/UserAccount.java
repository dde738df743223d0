package dev.mamori.core.user;

import java.time.Instant;

import dev.mamori.core.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "user_account")
class UserAccount {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true)
	private String username;

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Role role;

	@Column(nullable = false)
	private boolean enabled;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "password_changed_at", nullable = false)
	private Instant passwordChangedAt;

	protected UserAccount() {
	}

	UserAccount(String username, String passwordHash, Role role, Instant now) {
		this.username = username;
		this.passwordHash = passwordHash;
		this.role = role;
		this.enabled = true;
		this.createdAt = now;
		this.passwordChangedAt = now;
	}

	UserView toView() {
		return new UserView(this.username, this.role, this.enabled, this.createdAt, this.passwordChangedAt);
	}

	Long getId() {
		return this.id;
	}

	String getUsername() {
		return this.username;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	Role getRole() {
		return this.role;
	}

	boolean isEnabled() {
		return this.enabled;
	}

	void setRole(Role role) {
		this.role = role;
	}

	void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	void changePassword(String passwordHash, Instant now) {
		this.passwordHash = passwordHash;
		this.passwordChangedAt = now;
	}

}
