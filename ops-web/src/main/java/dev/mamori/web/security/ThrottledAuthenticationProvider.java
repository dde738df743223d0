package dev.mamori.web.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.user.LoginThrottle;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Wraps password authentication (form and HTTP Basic alike) with the login throttle: a locked
 * username is refused before its password is even checked, and every failure and refusal is
 * audited.
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	private final LoginThrottle throttle;

	private final AuditLog audit;

	ThrottledAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle, AuditLog audit) {
		this.delegate = delegate;
		this.throttle = throttle;
		this.audit = audit;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String username = authentication.getName();
		Actor actor = new Actor(Actor.Type.ANONYMOUS, username, RequestActors.remoteAddress(authentication));
		Optional<Instant> locked = this.throttle.lockedUntil(username);
		if (locked.isPresent()) {
			this.audit.record(actor, "LOGIN_REFUSED", username, AuditOutcome.DENIED,
					Map.of("reason", "too many failed logins", "lockedUntil", locked.get().toString()));
			throw new LoginLockedException(locked.get());
		}
		try {
			Authentication result = this.delegate.authenticate(authentication);
			this.throttle.recordSuccess(username);
			return result;
		}
		catch (AuthenticationException ex) {
			Optional<Instant> nowLocked = this.throttle.recordFailure(username);
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("reason", ex.getClass().getSimpleName());
			nowLocked.ifPresent((until) -> details.put("lockedUntil", until.toString()));
			this.audit.record(actor, "LOGIN_FAILED", username, AuditOutcome.DENIED, details);
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** Refused because the username is locked after too many failures. */
	static final class LoginLockedException extends LockedException {

		private final transient Instant lockedUntil;

		LoginLockedException(Instant lockedUntil) {
			super("Too many failed logins for this user; try again after " + lockedUntil);
			this.lockedUntil = lockedUntil;
		}

		Instant getLockedUntil() {
			return this.lockedUntil;
		}

	}

}
