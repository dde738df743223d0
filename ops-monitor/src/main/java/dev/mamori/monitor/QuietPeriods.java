package dev.mamori.monitor;

import java.time.Instant;
import java.util.Optional;

/**
 * When an app's monitors are quiet by themselves: while a restore of the app runs and a grace
 * period after it (automatic maintenance: no incident opens, no remediation runs).
 */
public interface QuietPeriods {

	/**
	 * @param appId an app, or {@code null}
	 * @param at the time of a check result
	 * @return why the app's monitors are quiet then, or empty when they are not
	 */
	Optional<String> reason(String appId, Instant at);

}
