package dev.mamori.monitor.action;

import java.time.Duration;
import java.util.List;

import dev.mamori.core.Role;

/**
 * A declared action as callers see it: never its command line, which may hold secrets.
 *
 * @param id action id
 * @param app the app it belongs to
 * @param titleEn title in English
 * @param titleJa title in Japanese
 * @param role the lowest role allowed to run it
 * @param parameters what the caller chooses
 * @param confirm whether the caller must type the id
 * @param preCheck what must pass before, or {@code null}
 * @param postCheck what must pass after, or {@code null}
 * @param timeout the command's timeout
 * @param outputLimit how many bytes of output are kept
 * @param runningRunId the run going on now, or {@code null}
 */
public record ActionView(String id, String app, String titleEn, String titleJa, Role role,
		List<ParameterView> parameters, boolean confirm, String preCheck, String postCheck, Duration timeout,
		long outputLimit, Long runningRunId) {

	/**
	 * @param language {@code ja} or another language for English
	 * @return the title in that language
	 */
	public String title(String language) {
		return "ja".equals(language) ? this.titleJa : this.titleEn;
	}

	/**
	 * @param name parameter name
	 * @param values the allowed values, or {@code null} for a pattern
	 * @param pattern the pattern, or {@code null} for a closed set
	 */
	public record ParameterView(String name, List<String> values, String pattern) {
	}

}
