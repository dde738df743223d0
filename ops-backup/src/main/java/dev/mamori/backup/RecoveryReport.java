package dev.mamori.backup;

import java.text.MessageFormat;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import dev.mamori.backup.restore.RestoreStatus;

/**
 * The recovery report of a restore, in Markdown: what a person files after an incident (start, end,
 * duration, data loss, what was done, whether it worked). Written in the reader's language (the
 * words are in {@code RecoveryReport.properties} and {@code RecoveryReport_ja.properties}) with
 * times in the reader's zone; the messages the steps recorded stay as they were written. In English
 * the step names, outcomes and statuses are their codes ({@code SWAP}, {@code SUCCEEDED}), which
 * scripts and the CLI already match on.
 */
public final class RecoveryReport {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

	private static final String BUNDLE = "dev.mamori.backup.RecoveryReport";

	private RecoveryReport() {
	}

	/**
	 * @param number {@code REC-YYYY-NNN}
	 * @param run the restore
	 * @param appName the app's display name
	 * @param safetyName the safety snapshot's archive name, or {@code null}
	 * @param zone the zone times are shown in
	 * @param locale the reader's language (Japanese or English; English for any other)
	 * @return the report
	 */
	public static String render(String number, RestoreRunView run, String appName, String safetyName, ZoneId zone,
			Locale locale) {
		Words words = new Words(locale);
		StringBuilder md = new StringBuilder();
		md.append("# ").append(words.get("title", number)).append("\n\n");
		md.append("| | |\n|---|---|\n");
		row(md, words.get("app"), run.appId() + " (" + appName + ")");
		row(md, words.get("snapshot"),
				words.get("snapshot.value", run.snapshotName(), time(run.snapshotCreatedAt(), zone)));
		row(md, words.get("sources"), String.join(", ", run.sources()));
		row(md, words.get("requestedBy"),
				words.get("requestedBy.value", run.requestedBy(), time(run.requestedAt(), zone)));
		row(md, words.get("finished"),
				(run.finishedAt() != null) ? time(run.finishedAt(), zone) : words.get("finished.running"));
		row(md, words.get("outcome"), "**" + status(run.status(), locale) + "**");
		row(md, words.get("rto"), (run.rto() != null) ? human(run.rto(), locale) : words.get("rto.none"));
		row(md, words.get("rpo"), human(run.rpo(), locale));
		if (run.outage() != null) {
			row(md, words.get("outage"), human(run.outage(), locale));
		}
		if (run.healthBefore() != null) {
			row(md, words.get("healthBefore"), run.healthBefore());
		}
		row(md, words.get("safety"), (safetyName != null) ? words.get("safety.value", safetyName) : words.get("safety.none"));
		md.append("\n## ").append(words.get("steps")).append("\n\n| # | ").append(words.get("steps.step")).append(" | ")
			.append(words.get("steps.outcome")).append(" | ").append(words.get("steps.started")).append(" | ")
			.append(words.get("steps.duration")).append(" | ").append(words.get("steps.message"))
			.append(" |\n|---|---|---|---|---|---|\n");
		for (RestoreRunView.Step step : run.steps()) {
			Duration took = (step.finishedAt() != null) ? Duration.between(step.startedAt(), step.finishedAt()) : null;
			md.append("| ").append(step.position()).append(" | ").append(cell(step(step.name(), locale))).append(" | ")
				.append(outcome(step.outcome(), locale)).append(" | ").append(time(step.startedAt(), zone)).append(" | ")
				.append((took != null) ? human(took, locale) : "-").append(" | ").append(cell(step.message())).append(" |\n");
		}
		run.steps()
			.stream()
			.filter((s) -> s.name().equals("INTEGRITY_CHECK") || s.name().equals("CHECK"))
			.findFirst()
			.ifPresent((s) -> md.append("\n## ").append(words.get("integrity")).append("\n\n")
				.append(outcome(s.outcome(), locale)).append(": ").append(s.message()).append('\n'));
		if (run.error() != null) {
			md.append("\n## ").append(words.get("error")).append("\n\n").append(run.error()).append('\n');
		}
		return md.toString();
	}

	/**
	 * @param name a step name such as {@code SWAP} or {@code RESTORE_db}
	 * @param locale the reader's language
	 * @return its name in that language; the name itself when it has none
	 */
	static String step(String name, Locale locale) {
		Words words = new Words(locale);
		if (name.startsWith("RESTORE_") && !words.has("step." + name) && words.has("step.RESTORE_")) {
			return words.get("step.RESTORE_", name.substring("RESTORE_".length()));
		}
		return words.has("step." + name) ? words.get("step." + name) : name;
	}

	static String outcome(String outcome, Locale locale) {
		Words words = new Words(locale);
		return words.has("outcome." + outcome) ? words.get("outcome." + outcome) : outcome;
	}

	static String status(RestoreStatus status, Locale locale) {
		Words words = new Words(locale);
		return words.has("status." + status.name()) ? words.get("status." + status.name()) : status.name();
	}

	private static String time(java.time.Instant instant, ZoneId zone) {
		return TIME.format(instant.atZone(zone));
	}

	private static void row(StringBuilder md, String name, String value) {
		md.append("| ").append(name).append(" | ").append(cell(value)).append(" |\n");
	}

	private static String cell(String text) {
		return (text == null) ? "" : text.replace("|", "\\|").replace("\n", " ");
	}

	static String human(Duration duration, Locale locale) {
		Words words = new Words(locale);
		long millis = duration.toMillis();
		if (millis < 60_000) {
			return words.get("duration.seconds", String.format(Locale.ROOT, "%.1f", millis / 1000.0));
		}
		long minutes = duration.toMinutes();
		if (minutes < 120) {
			return words.get("duration.minutes", minutes, duration.toSecondsPart());
		}
		long hours = duration.toHours();
		return (hours < 48) ? words.get("duration.hours", hours, duration.toMinutesPart())
				: words.get("duration.days", duration.toDays(), duration.toHoursPart());
	}

	/** The report's words in one language; English unless Japanese is asked for. */
	private static final class Words {

		private final ResourceBundle bundle;

		Words(Locale locale) {
			Locale language = (locale != null && "ja".equals(locale.getLanguage())) ? Locale.JAPANESE : Locale.ROOT;
			// No fallback to the JVM's default locale: an English reader on a Japanese server reads English.
			this.bundle = ResourceBundle.getBundle(BUNDLE, language,
					ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
		}

		boolean has(String key) {
			return this.bundle.containsKey(key);
		}

		String get(String key, Object... args) {
			try {
				String pattern = this.bundle.getString(key);
				// Numbers as plain digits, whatever the locale's grouping.
				Object[] plain = java.util.Arrays.stream(args).map(String::valueOf).toArray();
				return (args.length == 0) ? pattern : new MessageFormat(pattern, Locale.ROOT).format(plain);
			}
			catch (MissingResourceException ex) {
				return key;
			}
		}

	}

}
