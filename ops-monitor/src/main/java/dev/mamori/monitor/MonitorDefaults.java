package dev.mamori.monitor;

import java.time.Duration;

/**
 * The defaults of a monitor definition, in one place: the configuration file binds them through
 * {@code @DefaultValue} (hence the text constants), and {@link MonitorDefinition#builder} starts
 * from them for the web form and the API.
 */
public final class MonitorDefaults {

	/** Time between two checks. */
	public static final String INTERVAL = "60s";

	/** How long one check may take. */
	public static final String TIMEOUT = "10s";

	/** Failed checks in a row before DOWN. */
	public static final int FAILURE_THRESHOLD = 3;

	/** Passed checks in a row before an incident closes. */
	public static final int SUCCESS_THRESHOLD = 2;

	/** Reminders while DOWN: never. */
	public static final String RENOTIFY_INTERVAL = "0s";

	/** HTTP method. */
	public static final String METHOD = "GET";

	/** Database validation query. */
	public static final String QUERY = "SELECT 1";

	/** Heartbeat: extra time allowed after the period. */
	public static final String GRACE = "60s";

	/** Remediation attempts per incident. */
	public static final int REMEDIATION_MAX_ATTEMPTS = 3;

	/** Remediation: wait after each attempt before the re-check. */
	public static final String REMEDIATION_WAIT_AFTER = "30s";

	/** Certificate: fewer days left count as down (applied when the check runs). */
	public static final int MIN_DAYS_LEFT = 14;

	/** Disk and memory: a higher use counts as down (applied when the check runs). */
	public static final double MAX_PERCENT = 80.0;

	private MonitorDefaults() {
	}

	static Duration duration(String text) {
		return MonitorDurations.parse("default", text, null);
	}

}
