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

}
