package dev.mamori.core.user;

import java.time.Instant;

import dev.mamori.core.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "api_token")
class ApiToken {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "user_id")
	private UserAccount user;

	@Column(nullable = false)
	private String name;

	@Column(name = "token_hash", nullable = false, unique = true)
	private String tokenHash;

	@Column(nullable = false)
	private String prefix;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Role role;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private TokenScope scope;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected ApiToken() {
	}

	ApiToken(UserAccount user, String name, String tokenHash, String prefix, Role role, TokenScope scope,
			Instant createdAt, Instant expiresAt) {
		this.user = user;
		this.name = name;
		this.tokenHash = tokenHash;
		this.prefix = prefix;
		this.role = role;
		this.scope = scope;
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	TokenView toView(Instant now) {
		String status = (this.revokedAt != null) ? "REVOKED"
				: (this.expiresAt != null && !this.expiresAt.isAfter(now)) ? "EXPIRED" : "ACTIVE";
		return new TokenView(this.id, this.name, this.prefix, this.role, this.scope, this.createdAt, this.expiresAt,
				this.lastUsedAt, this.revokedAt, status);
	}

	boolean isUsableAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || this.expiresAt.isAfter(now))
				&& this.user.isEnabled();
	}

	Long getId() {
		return this.id;
	}

	UserAccount getUser() {
		return this.user;
	}

	String getName() {
		return this.name;
	}

	Role getRole() {
		return this.role;
	}

	TokenScope getScope() {
		return this.scope;
	}

	Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	Instant getRevokedAt() {
		return this.revokedAt;
	}

	void used(Instant now) {
		this.lastUsedAt = now;
	}

	void revoke(Instant now) {
		this.revokedAt = now;
	}

}
