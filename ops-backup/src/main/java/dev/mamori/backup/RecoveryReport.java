package dev.mamori.backup;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The recovery report of a restore, in Markdown: what a person files after an incident (start, end,
 * duration, data loss, what was done, whether it worked).
 */
public final class RecoveryReport {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

	private RecoveryReport() {
	}

	/**
	 * @param number {@code REC-YYYY-NNN}
	 * @param run the restore
	 * @param appName the app's display name
	 * @param safetyName the safety snapshot's archive name, or {@code null}
	 * @param zone the zone times are shown in
	 * @return the report
	 */
	public static String render(String number, RestoreRunView run, String appName, String safetyName, ZoneId zone) {
		StringBuilder md = new StringBuilder();
		md.append("# Recovery report ").append(number).append("\n\n");
		md.append("| | |\n|---|---|\n");
		row(md, "App", run.appId() + " (" + appName + ")");
		row(md, "Snapshot", "`" + run.snapshotName() + "`, taken " + TIME.format(run.snapshotCreatedAt().atZone(zone)));
		row(md, "Sources restored", String.join(", ", run.sources()));
		row(md, "Requested by", run.requestedBy() + " at " + TIME.format(run.requestedAt().atZone(zone)));
		row(md, "Finished", (run.finishedAt() != null) ? TIME.format(run.finishedAt().atZone(zone)) : "still running");
		row(md, "Outcome", "**" + run.status() + "**");
		row(md, "RTO (request to healthy)", (run.rto() != null) ? human(run.rto()) : "not reached");
		row(md, "RPO (data-loss window: request time minus snapshot time)", human(run.rpo()));
		row(md, "Safety snapshot", (safetyName != null) ? "`" + safetyName + "` (tagged pre-restore)" : "none");
		md.append("\n## Steps\n\n| # | Step | Outcome | Started | Duration | Message |\n|---|---|---|---|---|---|\n");
		for (RestoreRunView.Step step : run.steps()) {
			Duration took = (step.finishedAt() != null) ? Duration.between(step.startedAt(), step.finishedAt()) : null;
			md.append("| ").append(step.position()).append(" | ").append(step.name()).append(" | ").append(step.outcome())
				.append(" | ").append(TIME.format(step.startedAt().atZone(zone))).append(" | ")
				.append((took != null) ? human(took) : "-").append(" | ").append(cell(step.message())).append(" |\n");
		}
		run.steps().stream().filter((s) -> s.name().equals("INTEGRITY_CHECK")).findFirst().ifPresent((s) -> md
			.append("\n## Integrity\n\n").append(s.outcome()).append(": ").append(s.message()).append('\n'));
		if (run.error() != null) {
			md.append("\n## What went wrong\n\n").append(run.error()).append('\n');
		}
		return md.toString();
	}

	private static void row(StringBuilder md, String name, String value) {
		md.append("| ").append(name).append(" | ").append(cell(value)).append(" |\n");
	}

	private static String cell(String text) {
		return (text == null) ? "" : text.replace("|", "\\|").replace("\n", " ");
	}

	static String human(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 60_000) {
			return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
		}
		long minutes = duration.toMinutes();
		if (minutes < 120) {
			return minutes + " min " + duration.toSecondsPart() + " s";
		}
		long hours = duration.toHours();
		return (hours < 48) ? hours + " h " + duration.toMinutesPart() + " min" : duration.toDays() + " d " + duration.toHoursPart() + " h";
	}

}
