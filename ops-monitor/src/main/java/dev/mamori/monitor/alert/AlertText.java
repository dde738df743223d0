package dev.mamori.monitor.alert;

import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The subject and body of an alert, in Japanese or English, from {@code mamori-alerts*.properties}.
 *
 * @param subject says the state, the monitor and the app
 * @param body the error, since when, what was tried; for a restore: snapshot, outcome, message,
 * RTO, report number and a link to the run
 */
public record AlertText(String subject, String body) {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

	/**
	 * @param alert the alert
	 * @param language {@code ja} or {@code en}
	 * @param baseUrl Mamori's address for a link, or {@code null}
	 * @return its text
	 */
	public static AlertText of(Alert alert, String language, String baseUrl) {
		return of(alert, language, baseUrl, ZoneId.systemDefault());
	}

	/**
	 * @param alert the alert
	 * @param language {@code ja} or {@code en}
	 * @param baseUrl Mamori's address for a link, or {@code null}
	 * @param zone the zone of the times, named in each
	 * @return its text
	 */
	public static AlertText of(Alert alert, String language, String baseUrl, ZoneId zone) {
		ResourceBundle bundle = ResourceBundle.getBundle("mamori-alerts", Locale.forLanguageTag(language),
				ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
		String kind = alert.kind().name().toLowerCase(Locale.ROOT);
		String subject = "[Mamori] " + bundle.getString("subject." + kind) + ": " + what(alert);
		StringBuilder body = new StringBuilder();
		body.append(bundle.getString("intro." + kind)).append("\n\n");
		line(body, bundle, "monitor", alert.monitorName());
		String app = (alert.appName() != null) ? alert.appName() + " (" + alert.appId() + ")" : alert.appId();
		String appLink = (alert.appId() != null) ? link(baseUrl, "/apps/" + alert.appId()) : null;
		line(body, bundle, "app", (app != null && appLink != null) ? app + "  " + appLink : app);
		if (alert.restore() != null) {
			restore(body, bundle, alert, baseUrl, zone);
			body.append('\n').append(bundle.getString("footer")).append('\n');
			return new AlertText(subject, body.toString());
		}
		if (alert.suspect() != null) {
			line(body, bundle, "snapshot", alert.suspect().snapshotName());
			body.append(bundle.getString("label.reasons")).append(":\n");
			for (String reason : "ja".equals(language) ? alert.suspect().reasonsJa() : alert.suspect().reasons()) {
				body.append("  - ").append(reason).append('\n');
			}
		}
		else {
			line(body, bundle, "error", alert.error());
		}
		if (alert.since() != null) {
			line(body, bundle, "since", format(alert.since(), zone));
			if (alert.kind() == Alert.Kind.RESOLVED || alert.kind() == Alert.Kind.REMINDER) {
				line(body, bundle, "duration", duration(Duration.between(alert.since(), alert.at())));
			}
		}
		line(body, bundle, "tried", (alert.remediationAttempts() != null)
				? MessageFormat.format(bundle.getString("tried.attempts"), alert.remediationAttempts()) : alert.tried());
		if (alert.appId() != null && (alert.kind() == Alert.Kind.OPENED || alert.kind() == Alert.Kind.REMINDER
				|| alert.kind() == Alert.Kind.ESCALATED)) {
			line(body, bundle, "lastGoodBackup", (alert.lastGoodBackup() != null) ? format(alert.lastGoodBackup(), zone)
					: bundle.getString("lastGoodBackup.none"));
		}
		line(body, bundle, "at", format(alert.at(), zone));
		if (alert.incidentId() != null) {
			line(body, bundle, "incident", "#" + alert.incidentId()
					+ ((baseUrl != null) ? "  " + baseUrl.replaceAll("/+$", "") + "/incidents/" + alert.incidentId() : ""));
		}
		body.append('\n').append(bundle.getString("footer")).append('\n');
		return new AlertText(subject, body.toString());
	}

	private static void restore(StringBuilder body, ResourceBundle bundle, Alert alert, String baseUrl, ZoneId zone) {
		Alert.Restore restore = alert.restore();
		line(body, bundle, "snapshot", restore.snapshotName());
		line(body, bundle, "outcome", restore.outcome());
		line(body, bundle, "message", alert.error());
		line(body, bundle, "rto", (restore.rto() != null) ? duration(restore.rto()) : null);
		line(body, bundle, "report", restore.reportNumber());
		line(body, bundle, "at", format(alert.at(), zone));
		String link = restoreLink(baseUrl, restore.runId());
		line(body, bundle, "restore", "#" + restore.runId() + ((link != null) ? "  " + link : ""));
	}

	/**
	 * @param baseUrl Mamori's address as users reach it, or {@code null}
	 * @param runId a restore run
	 * @return the address of the run's page, or {@code null} without a base address
	 */
	public static String restoreLink(String baseUrl, long runId) {
		return (baseUrl != null && !baseUrl.isBlank()) ? baseUrl.replaceAll("/+$", "") + "/restores/" + runId : null;
	}

	private static String what(Alert alert) {
		String app = (alert.appName() != null) ? alert.appName() : alert.appId();
		if (alert.monitorName() != null) {
			return alert.monitorName() + ((app != null) ? " (" + app + ")" : "");
		}
		return (app != null) ? app : "Mamori";
	}

	private static void line(StringBuilder body, ResourceBundle bundle, String key, String value) {
		if (value != null && !value.isBlank()) {
			body.append(MessageFormat.format("{0}: {1}", bundle.getString("label." + key), value)).append('\n');
		}
	}

	private static String link(String baseUrl, String path) {
		return (baseUrl != null && !baseUrl.isBlank()) ? baseUrl.replaceAll("/+$", "") + path : null;
	}

	/** The time with its zone's abbreviation and id ({@code JST, Asia/Tokyo}), so nobody has to guess. */
	private static String format(Instant instant, ZoneId zone) {
		String text = TIME.format(instant.atZone(zone));
		return text.endsWith(" " + zone.getId()) ? text : text + " (" + zone.getId() + ")";
	}

	private static String duration(Duration duration) {
		long s = Math.max(0, duration.toSeconds());
		return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
	}

}
