package dev.mamori.monitor;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.convert.DurationStyle;

/**
 * Durations typed by people in the API and the UI, written like the configuration file
 * ({@code 30s}, {@code 5m}) or ISO 8601 ({@code PT30S}), and the bounds every monitor time must
 * keep so that schedules and instants computed from it never overflow.
 */
public final class MonitorDurations {

	/**
	 * The longest interval, timeout, re-notify interval, heartbeat period or grace, response-time
	 * limit, backup age, maintenance duration or remediation wait: 366 days.
	 */
	public static final Duration MAX = Duration.ofDays(366);

	/** The earliest start or end of a one-off maintenance window: 2000-01-01T00:00:00Z. */
	public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	/** The latest start or end of a one-off maintenance window: 9999-12-31T23:59:59Z. */
	public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private MonitorDurations() {
	}

	/**
	 * @param field the field, for the error
	 * @param text what was typed; blank for the fallback
	 * @param fallback the value when nothing was typed
	 * @return the duration
	 * @throws InvalidMonitorException naming the field when the text is not a duration or is longer
	 * than {@link #MAX}
	 */
	public static Duration parse(String field, String text, Duration fallback) {
		if (text == null || text.isBlank()) {
			return fallback;
		}
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(text.trim());
		}
		catch (IllegalArgumentException | ArithmeticException | DateTimeException ex) {
			// "999999999999999d" overflows while parsing; it is just as wrong as "ten minutes".
			throw new InvalidMonitorException(field, "'" + text + "' is not a duration such as 30s, 5m or PT30S");
		}
		if (duration.compareTo(MAX) > 0) {
			throw new InvalidMonitorException(field, "'" + text + "' is longer than the maximum " + format(MAX));
		}
		return duration;
	}

	/**
	 * @param duration a duration, or {@code null}
	 * @return whether it is absent or within 0 and {@link #MAX}
	 */
	static boolean withinMax(Duration duration) {
		return duration == null || duration.compareTo(MAX) <= 0;
	}

	/**
	 * @param instant an instant, or {@code null}
	 * @return whether it is absent or within {@link #EARLIEST} and {@link #LATEST}
	 */
	static boolean withinRange(Instant instant) {
		return instant == null || (!instant.isBefore(EARLIEST) && !instant.isAfter(LATEST));
	}

	/**
	 * @param duration a duration, or {@code null}
	 * @return it in the largest unit that holds it exactly ({@code 90s}, {@code 5m}, {@code 24h},
	 * {@code 7d}, {@code 250ms}); empty for {@code null}
	 */
	public static String format(Duration duration) {
		if (duration == null) {
			return "";
		}
		long ms = duration.toMillis();
		if (ms != 0 && ms % 86_400_000 == 0) {
			return (ms / 86_400_000) + "d";
		}
		if (ms != 0 && ms % 3_600_000 == 0) {
			return (ms / 3_600_000) + "h";
		}
		if (ms != 0 && ms % 60_000 == 0) {
			return (ms / 60_000) + "m";
		}
		return (ms % 1000 == 0) ? (ms / 1000) + "s" : ms + "ms";
	}

}
