package dev.mamori.core.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed password logins per username (whether the user exists or not, so the lock reveals
 * nothing) and refuses further attempts for a while once too many failed. Kept in the database so
 * every instance sharing it agrees.
 */
@Service
public class LoginThrottle {

	private final LoginThrottleRepository entries;

	private final LoginProperties properties;

	private final Clock clock;

	LoginThrottle(LoginThrottleRepository entries, LoginProperties properties, Clock clock) {
		this.entries = entries;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param username the name a login was attempted with
	 * @return until when attempts for it are refused, if they are now
	 */
	@Transactional(readOnly = true)
	public Optional<Instant> lockedUntil(String username) {
		Instant now = this.clock.instant();
		return this.entries.findById(key(username))
			.map(LoginThrottleEntry::getLockedUntil)
			.filter((until) -> until.isAfter(now));
	}

	/**
	 * Records a failed attempt.
	 * @param username the name the attempt was made with
	 * @return until when attempts are now refused, if this failure reached the limit
	 */
	@Transactional
	public synchronized Optional<Instant> recordFailure(String username) {
		Instant now = this.clock.instant();
		LoginThrottleEntry entry = this.entries.findById(key(username))
			.orElseGet(() -> new LoginThrottleEntry(key(username), now));
		entry.fail(now, this.properties);
		this.entries.save(entry);
		return Optional.ofNullable(entry.getLockedUntil()).filter((until) -> until.isAfter(now));
	}

	/**
	 * Forgets failed attempts after a successful login.
	 * @param username the name that logged in
	 */
	@Transactional
	public void recordSuccess(String username) {
		this.entries.findById(key(username)).ifPresent(this.entries::delete);
	}

	private static String key(String username) {
		String key = (username != null) ? username.toLowerCase(Locale.ROOT) : "";
		return (key.length() > 128) ? key.substring(0, 128) : key;
	}

}
