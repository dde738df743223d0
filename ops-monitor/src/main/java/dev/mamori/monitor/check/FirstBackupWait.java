package dev.mamori.monitor.check;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mamori.monitor.CheckResult;

/**
 * The backup-freshness rule for an app that has no good backup yet. On a fresh install nothing is
 * late: the monitor waits (neutral) until its limit has passed since this Mamori began watching the
 * app, then it is DOWN with the message it always had ({@code app X has no good backup}).
 */
final class FirstBackupWait {

	private final Map<String, Instant> watchingSince = new ConcurrentHashMap<>();

	/**
	 * @param app the app without a good backup
	 * @param maxAge the monitor's limit
	 * @param now the check's time
	 * @return waiting while the first backup is not yet late, otherwise DOWN
	 */
	CheckResult judge(String app, Duration maxAge, Instant now) {
		Instant since = this.watchingSince.computeIfAbsent(app, (a) -> now);
		if (Duration.between(since, now).compareTo(maxAge) < 0) {
			return CheckResult.waiting("waiting for the first backup of " + app);
		}
		return CheckResult.down(null, "app " + app + " has no good backup");
	}

}
