package dev.mamori.core;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

/**
 * Cron expressions as users write them: the classic 5 fields (minute hour day month weekday), or
 * Spring's 6 with seconds first.
 */
public final class Cron {

	private Cron() {
	}

	/**
	 * @param expression 5 or 6 fields
	 * @return the parsed expression
	 * @throws IllegalArgumentException when it is not a valid cron expression
	 */
	public static CronExpression parse(String expression) {
		String trimmed = expression.trim();
		String six = (trimmed.split("\\s+").length == 5) ? "0 " + trimmed : trimmed;
		return CronExpression.parse(six);
	}

	/**
	 * @param expression 5 or 6 fields, or blank for none
	 * @return the next time it fires from now in the server's zone, or {@code null} when blank
	 */
	public static ZonedDateTime nextFromNow(String expression) {
		if (expression == null || expression.isBlank()) {
			return null;
		}
		return parse(expression).next(ZonedDateTime.now(ZoneId.systemDefault()));
	}

}
