package dev.mamori.monitor;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * Durations typed by people in the API and the UI, written like the configuration file
 * ({@code 30s}, {@code 5m}) or ISO 8601 ({@code PT30S}).
 */
public final class MonitorDurations {

	private MonitorDurations() {
	}

	/**
	 * @param field the field, for the error
	 * @param text what was typed; blank for the fallback
	 * @param fallback the value when nothing was typed
	 * @return the duration
	 * @throws InvalidMonitorException naming the field when the text is not a duration
	 */
	public static Duration parse(String field, String text, Duration fallback) {
		if (text == null || text.isBlank()) {
			return fallback;
		}
		try {
			return DurationStyle.detectAndParse(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMonitorException(field, "'" + text + "' is not a duration such as 30s, 5m or PT30S");
		}
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
