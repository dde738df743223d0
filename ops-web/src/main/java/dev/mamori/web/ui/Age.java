package dev.mamori.web.ui;

import java.time.Duration;

/**
 * A duration as a message key and a number, so "3 h" and "3 時間" come from the message bundles.
 *
 * @param key {@code age.minutes}, {@code age.hours} or {@code age.days}
 * @param value the number
 */
record Age(String key, long value) {

	static Age of(Duration duration) {
		long minutes = Math.max(0, duration.toMinutes());
		if (minutes < 120) {
			return new Age("age.minutes", minutes);
		}
		if (minutes < 48 * 60) {
			return new Age("age.hours", minutes / 60);
		}
		return new Age("age.days", minutes / (24 * 60));
	}

}
