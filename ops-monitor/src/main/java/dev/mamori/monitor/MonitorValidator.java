package dev.mamori.monitor;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.monitor.logs.LogService;
import dev.mamori.core.command.CommandRunner;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Checks a monitor definition beyond field validation: the fields its type needs, URLs that parse,
 * declared commands, known apps, and where it may come from. Used for the configuration file
 * (startup fails naming the key) and for the API (400 naming the field).
 */
@Component
class MonitorValidator {

	static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

	private final CommandRunner commands;

	private final ObjectProvider<BackupCatalogView> catalog;

	private final MonitoringSettings settings;

	private final ObjectProvider<LogService> logs;

	private final ObjectProvider<RemediationActions> actions;

	MonitorValidator(CommandRunner commands, ObjectProvider<BackupCatalogView> catalog, MonitoringSettings settings,
			ObjectProvider<LogService> logs, ObjectProvider<RemediationActions> actions) {
		this.logs = logs;
		this.actions = actions;
		this.commands = commands;
		this.catalog = catalog;
		this.settings = settings;
	}

	/**
	 * @param name the monitor's name
	 * @param d its definition
	 * @param fromConfig whether it comes from the configuration file
	 * @return the first problem: the field (relative, in the configuration's kebab case) and what is
	 * wrong
	 */
	Optional<Problem> check(String name, MonitorDefinition d, boolean fromConfig) {
		if (name == null || !NAME.matcher(name).matches()) {
			return problem("name", "1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
		}
		if (d.type() == null) {
			return problem("type", "required: http, tcp, certificate, heartbeat" + (fromConfig
					? ", disk, memory, systemd, command, database or backup-freshness" : ""));
		}
		if (!fromConfig && d.type().hostSide()) {
			return problem("type", d.type().name().toLowerCase().replace('_', '-')
					+ " monitors read the host and can only be declared in the configuration file");
		}
		if (d.interval() == null || d.interval().compareTo(this.settings.minInterval()) < 0) {
			return problem("interval", "must be at least " + this.settings.minInterval().toMillis() / 1000.0 + " s");
		}
		Optional<Problem> bounds = bounds(d);
		if (bounds.isPresent()) {
			return bounds;
		}
		if (d.timeout() == null || d.timeout().isZero() || d.timeout().isNegative()
				|| d.timeout().compareTo(d.interval()) > 0) {
			return problem("timeout", "must be positive and no longer than the interval");
		}
		if (d.renotifyInterval().isNegative()) {
			return problem("renotify-interval", "must not be negative");
		}
		for (int i = 0; i < d.maintenance().size(); i++) {
			if (!d.maintenance().get(i).valid()) {
				return problem("maintenance[" + i + "]",
						"needs either start and end (end after start) or a cron expression and a positive duration");
			}
		}
		if (d.app() != null && !d.app().isBlank() && d.type() != MonitorType.BACKUP_FRESHNESS) {
			BackupCatalogView view = this.catalog.getIfAvailable();
			if (view != null && !view.appIds().contains(d.app())) {
				return problem("app", "'" + d.app() + "' is not a declared app; declared: " + view.appIds());
			}
		}
		Optional<Problem> typeProblem = switch (d.type()) {
			case HTTP -> http(d);
			case TCP -> (d.host() == null || d.host().isBlank()) ? problem("host", "required for a tcp monitor")
					: (d.port() == null || d.port() < 1 || d.port() > 65535)
							? problem("port", "required for a tcp monitor, 1 to 65535") : Optional.empty();
			case CERTIFICATE -> url(d.url(), Set.of("https"), "url")
				.or(() -> (d.minDaysLeft() != null && d.minDaysLeft() < 0) ? problem("min-days-left", "must not be negative")
						: Optional.empty());
			case HEARTBEAT -> (d.period() == null || d.period().compareTo(Duration.ofSeconds(1)) < 0)
					? problem("period", "required for a heartbeat monitor, at least 1 s")
					: (d.grace() == null || d.grace().isNegative()) ? problem("grace", "must not be negative")
							: (d.remediation() != null)
									? problem("remediation", "a heartbeat cannot be re-checked, so it cannot be remediated")
									: Optional.empty();
			case DISK -> (d.path() == null || !Files.exists(Path.of(d.path())))
					? problem("path", "an existing path is required for a disk monitor") : percent(d);
			case MEMORY -> Files.isReadable(Path.of("/proc/meminfo")) ? percent(d)
					: problem("type", "memory monitors need /proc/meminfo (Linux)");
			case SYSTEMD, COMMAND -> command("command", d.command());
			case DATABASE -> (d.jdbcUrl() == null || !d.jdbcUrl().startsWith("jdbc:"))
					? problem("jdbc-url", "a JDBC URL such as jdbc:postgresql://localhost:5432/app is required")
					: Optional.empty();
			case BACKUP_FRESHNESS -> backupFreshness(d);
			case LOG -> logMatch(d);
		};
		if (typeProblem.isPresent()) {
			return typeProblem;
		}
		if (d.remediation() != null && d.remediation().action() != null) {
			return remediationAction(d.remediation());
		}
		if (d.remediation() != null) {
			return command("remediation.command", d.remediation().command());
		}
		return Optional.empty();
	}

	/**
	 * The limits that keep the schedule's arithmetic from overflowing, checked for every definition
	 * before it is stored and again when a stored one is loaded.
	 * @param d a definition
	 * @return the first duration longer than {@link MonitorDurations#MAX} or one-off maintenance
	 * instant outside {@link MonitorDurations#EARLIEST} to {@link MonitorDurations#LATEST}
	 */
	static Optional<Problem> bounds(MonitorDefinition d) {
		Map<String, Duration> durations = new LinkedHashMap<>();
		durations.put("interval", d.interval());
		durations.put("timeout", d.timeout());
		durations.put("renotify-interval", d.renotifyInterval());
		durations.put("max-response-time", d.maxResponseTime());
		durations.put("max-age", d.maxAge());
		durations.put("period", d.period());
		durations.put("grace", d.grace());
		durations.put("remediation.wait-after", (d.remediation() != null) ? d.remediation().waitAfter() : null);
		for (int i = 0; i < d.maintenance().size(); i++) {
			durations.put("maintenance[" + i + "].duration", d.maintenance().get(i).duration());
		}
		for (Map.Entry<String, Duration> duration : durations.entrySet()) {
			if (!MonitorDurations.withinMax(duration.getValue())) {
				return problem(duration.getKey(), "must be at most " + MonitorDurations.format(MonitorDurations.MAX)
						+ " (366 days)");
			}
		}
		for (int i = 0; i < d.maintenance().size(); i++) {
			MaintenanceWindow window = d.maintenance().get(i);
			String field = !MonitorDurations.withinRange(window.start()) ? "start"
					: (!MonitorDurations.withinRange(window.end()) ? "end" : null);
			if (field != null) {
				return problem("maintenance[" + i + "]." + field,
						"must be between " + MonitorDurations.EARLIEST + " and " + MonitorDurations.LATEST);
			}
		}
		return Optional.empty();
	}

	private Optional<Problem> http(MonitorDefinition d) {
		Optional<Problem> url = url(d.url(), Set.of("http", "https"), "url");
		if (url.isPresent()) {
			return url;
		}
		if (!METHODS.contains(d.method().toUpperCase())) {
			return problem("method", "one of " + METHODS);
		}
		for (Integer status : d.expectedStatus()) {
			if (status == null || status < 100 || status > 599) {
				return problem("expected-status", "HTTP status codes are 100 to 599");
			}
		}
		if (d.jsonPath() != null) {
			String error = JsonPaths.error(d.jsonPath());
			if (error != null) {
				return problem("json-path", error);
			}
		}
		if (d.jsonEquals() != null && d.jsonPath() == null) {
			return problem("json-path", "required when json-equals is set");
		}
		for (String header : d.headers().keySet()) {
			if (header.isBlank() || !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
				return problem("headers", "'" + header + "' is not a valid header name");
			}
		}
		return Optional.empty();
	}

	private static Optional<Problem> url(String text, Set<String> schemes, String field) {
		if (text == null || text.isBlank()) {
			return problem(field, "required");
		}
		try {
			URI uri = new URI(text);
			if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase()) || uri.getHost() == null) {
				return problem(field, "'" + text + "' is not an absolute " + String.join(" or ", schemes) + " URL");
			}
			return Optional.empty();
		}
		catch (java.net.URISyntaxException ex) {
			return problem(field, "'" + text + "' is not a valid URL: " + ex.getReason());
		}
	}

	private static Optional<Problem> percent(MonitorDefinition d) {
		return (d.maxPercent() != null && (d.maxPercent() <= 0 || d.maxPercent() > 100))
				? problem("max-percent", "a percentage above 0 and at most 100") : Optional.empty();
	}

	private Optional<Problem> command(String field, String id) {
		if (id == null || !this.commands.isDeclared(id)) {
			return problem(field, "'" + id + "' is not a declared command; declared: " + this.commands.ids());
		}
		return Optional.empty();
	}

	private Optional<Problem> backupFreshness(MonitorDefinition d) {
		BackupCatalogView view = this.catalog.getIfAvailable();
		if (d.app() == null || view == null || !view.appIds().contains(d.app())) {
			return problem("app", "a declared app is required for a backup-freshness monitor"
					+ ((view != null) ? "; declared: " + view.appIds() : ""));
		}
		if (d.maxAge() == null || d.maxAge().isNegative() || d.maxAge().isZero()) {
			return problem("max-age", "required for a backup-freshness monitor, such as 26h");
		}
		return Optional.empty();
	}

	private Optional<Problem> remediationAction(MonitorDefinition.Remediation remediation) {
		if (remediation.command() != null) {
			return problem("remediation", "exactly one of command or action");
		}
		RemediationActions declared = this.actions.getIfAvailable();
		if (declared == null) {
			return problem("remediation.action", "a declared action (mamori.actions) is required");
		}
		return declared.unusable(remediation.action()).flatMap((why) -> problem("remediation.action", why));
	}

	private Optional<Problem> logMatch(MonitorDefinition d) {
		MonitorDefinition.LogMatch match = d.logMatch();
		if (match == null) {
			return problem("log-match", "required for a log monitor: source, pattern, threshold, window");
		}
		LogService sources = this.logs.getIfAvailable();
		if (sources == null || !sources.ids().contains(match.source())) {
			return problem("log-match.source", "a declared log source (mamori.logs) is required"
					+ ((sources != null) ? "; declared: " + sources.ids() : ""));
		}
		try {
			java.util.regex.Pattern.compile(match.pattern());
		}
		catch (java.util.regex.PatternSyntaxException ex) {
			return problem("log-match.pattern", "a Java regular expression: " + ex.getDescription());
		}
		if (match.threshold() < 0) {
			return problem("log-match.threshold", "must not be negative");
		}
		if (match.window().compareTo(Duration.ofSeconds(1)) < 0 || match.window().compareTo(Duration.ofHours(24)) > 0) {
			return problem("log-match.window", "between 1s and 24h");
		}
		return Optional.empty();
	}

	private static Optional<Problem> problem(String field, String message) {
		return Optional.of(new Problem(field, message));
	}

	/**
	 * @param field the field, relative to the monitor
	 * @param message what is wrong
	 */
	record Problem(String field, String message) {
	}

}
