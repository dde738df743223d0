package dev.mamori.core.user;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "login_throttle")
class LoginThrottleEntry {

	@Id
	private String username;

	@Column(nullable = false)
	private int failures;

	@Column(name = "window_start", nullable = false)
	private Instant windowStart;

	@Column(name = "locked_until")
	private Instant lockedUntil;

	protected LoginThrottleEntry() {
	}

	LoginThrottleEntry(String username, Instant now) {
		this.username = username;
		this.windowStart = now;
	}

	int getFailures() {
		return this.failures;
	}

	Instant getLockedUntil() {
		return this.lockedUntil;
	}

	void fail(Instant now, LoginProperties properties) {
		if (this.windowStart.plus(properties.window()).isBefore(now)) {
			this.windowStart = now;
			this.failures = 0;
		}
		this.failures++;
		if (this.failures >= properties.maxFailures()) {
			this.lockedUntil = now.plus(properties.lockout());
			this.failures = 0;
			this.windowStart = now;
		}
	}

}
