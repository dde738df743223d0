package dev.mamori.backup;

import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import dev.mamori.backup.drill.DrillResult;

/**
 * The drill report {@code DRL-YYYY-NNN} in Markdown, in the reader's language (words in
 * {@code DrillReport.properties} and {@code DrillReport_ja.properties}), with times in the reader's
 * zone: the evidence a monthly restore test is filed with.
 */
public final class DrillReport {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

	private DrillReport() {
	}

	/**
	 * @param number {@code DRL-YYYY-NNN}
	 * @param appId the app
	 * @param snapshotName the snapshot's archive name
	 * @param snapshotCreatedAt when that backup was taken
	 * @param startedAt when the drill started
	 * @param result how it ended
	 * @param zone the zone times are shown in
	 * @param locale the reader's language (Japanese or English; English for any other)
	 * @return the report
	 */
	public static String render(String number, String appId, String snapshotName, Instant snapshotCreatedAt,
			Instant startedAt, DrillResult result, ZoneId zone, Locale locale) {
		return render(number, appId, snapshotName, snapshotCreatedAt, startedAt, result, zone, locale, null);
	}

	/**
	 * @param number {@code DRL-YYYY-NNN}
	 * @param appId the app
	 * @param snapshotName the snapshot's archive name
	 * @param snapshotCreatedAt when that backup was taken
	 * @param startedAt when the drill started
	 * @param result how it ended
	 * @param zone the zone times are shown in
	 * @param locale the reader's language (Japanese or English; English for any other)
	 * @param suspect why anomaly detection marked the snapshot suspect, or {@code null} when it did not
	 * @return the report
	 */
	public static String render(String number, String appId, String snapshotName, Instant snapshotCreatedAt,
			Instant startedAt, DrillResult result, ZoneId zone, Locale locale, String suspect) {
		boolean ja = locale != null && "ja".equals(locale.getLanguage());
		ResourceBundle words = ResourceBundle.getBundle(DrillReport.class.getName(), ja ? Locale.JAPANESE : Locale.ROOT,
				ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
		RestoreWords restore = new RestoreWords(ja ? Locale.JAPANESE : Locale.ENGLISH);
		StringBuilder md = new StringBuilder();
		md.append("# ").append(get(words, "title", number)).append("\n\n| | |\n|---|---|\n");
		row(md, get(words, "app"), appId);
		row(md, get(words, "snapshot"), get(words, "snapshot.value", snapshotName, TIME.format(snapshotCreatedAt.atZone(zone))));
		if (suspect != null) {
			row(md, get(words, "suspect"), "**" + get(words, "suspect.value", suspect) + "**");
		}
		row(md, get(words, "started"), TIME.format(startedAt.atZone(zone)));
		row(md, get(words, "outcome"), "**" + get(words, result.succeeded() ? "outcome.passed" : "outcome.failed") + "**");
		boolean restored = result.restoreTime() != null
				&& result.steps().stream().anyMatch((s) -> s.name().equals("CHECK") && s.outcome().equals("SUCCEEDED"));
		row(md, get(words, "restoreTime"), restored ? human(result.restoreTime(), ja) : get(words, "restoreTime.none"));
		row(md, get(words, "live"), get(words, "live.value"));
		md.append("\n## ").append(get(words, "steps")).append("\n\n| # | ").append(get(words, "steps.step")).append(" | ")
			.append(get(words, "steps.outcome")).append(" | ").append(get(words, "steps.duration")).append(" | ")
			.append(get(words, "steps.message")).append(" |\n|---|---|---|---|---|\n");
		int position = 1;
		for (DrillResult.Step step : result.steps()) {
			String name = words.containsKey("step." + step.name()) ? get(words, "step." + step.name()) : restore.step(step.name());
			md.append("| ").append(position++).append(" | ").append(cell(name)).append(" | ")
				.append(cell(restore.outcome(step.outcome()))).append(" | ").append(human(step.took(), ja)).append(" | ")
				.append(cell(step.message())).append(" |\n");
		}
		if (result.error() != null) {
			md.append("\n## ").append(get(words, "error")).append("\n\n").append(result.error()).append('\n');
		}
		return md.toString();
	}

	private static String human(Duration duration, boolean ja) {
		long millis = duration.toMillis();
		if (millis < 60_000) {
			return String.format(Locale.ROOT, ja ? "%.1f 秒" : "%.1f s", millis / 1000.0);
		}
		return ja ? (millis / 60_000) + " 分 " + (millis % 60_000) / 1000 + " 秒"
				: (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
	}

	private static String get(ResourceBundle words, String key, Object... args) {
		try {
			String pattern = words.getString(key);
			return (args.length == 0) ? pattern
					: new MessageFormat(pattern, Locale.ROOT).format(java.util.Arrays.stream(args).map(String::valueOf).toArray());
		}
		catch (MissingResourceException ex) {
			return key;
		}
	}

	private static void row(StringBuilder md, String name, String value) {
		md.append("| ").append(name).append(" | ").append(cell(value)).append(" |\n");
	}

	private static String cell(String text) {
		return (text == null) ? "" : text.replace("|", "\\|").replace("\n", " ");
	}

}
