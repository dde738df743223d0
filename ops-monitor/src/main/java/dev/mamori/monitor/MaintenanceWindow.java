package dev.mamori.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import dev.mamori.core.Cron;

/**
 * A time when failures are expected (deploys, nightly restarts): either recurring (a cron
 * expression for the start, in server local time, plus a duration) or one-off (start and end).
 *
 * @param cron when each window starts: 5 fields (minute hour day month weekday) or 6 with seconds
 * @param duration how long each recurring window lasts
 * @param start start of a one-off window
 * @param end end of a one-off window
 */
public record MaintenanceWindow(String cron, Duration duration, Instant start, Instant end) {

	/**
	 * @param now a time
	 * @return whether the window is open at that time
	 */
	public boolean contains(Instant now) {
		if (this.start != null && this.end != null) {
			return !now.isBefore(this.start) && now.isBefore(this.end);
		}
		if (this.cron == null || this.duration == null) {
			return false;
		}
		// The window is open when a start lies within the last 'duration'.
		ZonedDateTime from = now.minus(this.duration).atZone(ZoneId.systemDefault()).minusSeconds(1);
		ZonedDateTime next = Cron.parse(this.cron).next(from);
		return next != null && !next.toInstant().isAfter(now);
	}

	/**
	 * @return whether the window is well formed
	 */
	boolean valid() {
		if (this.start != null || this.end != null) {
			return this.start != null && this.end != null && this.end.isAfter(this.start);
		}
		if (this.cron == null || this.duration == null || this.duration.isNegative() || this.duration.isZero()) {
			return false;
		}
		try {
			Cron.parse(this.cron);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
