package dev.mamori.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One monitor: what to check, how often, and what to do when it fails. Declared under
 * {@code mamori.monitors.<name>} in the configuration file, or (HTTP, TCP, certificate and
 * heartbeat only) created through the API. Fields that do not apply to the type are left empty.
 *
 * @param type what is checked
 * @param app id of the app this monitor belongs to (shown on its dashboard card); optional
 * @param interval time between two checks; at most 366 days
 * @param timeout how long one check may take; at most the interval
 * @param failureThreshold failed checks in a row before the monitor is DOWN and an incident opens
 * @param successThreshold passed checks in a row before an incident closes
 * @param renotifyInterval while DOWN, remind this often; 0 never; at most 366 days
 * @param critical the {@code monitors} health contributor is DOWN while this monitor is DOWN
 * @param maintenance windows during which failures open no incident and send nothing; durations at
 * most 366 days, one-off instants between the years 2000 and 9999
 * @param remediation a declared command to run when the monitor goes DOWN
 * @param url HTTP: the URL; certificate: {@code https://host:port}
 * @param method HTTP method
 * @param headers HTTP request headers; values are never shown by the API
 * @param expectedStatus HTTP status codes that count as up; any 2xx or 3xx when empty
 * @param bodyContains HTTP: the body must contain this text
 * @param jsonPath HTTP: a path such as {@code $.status} or {@code $.checks[0].ok} into a JSON body
 * @param jsonEquals HTTP: the value at {@code json-path} must equal this text
 * @param maxResponseTime HTTP: slower answers count as down; at most 366 days
 * @param host TCP: host name or address
 * @param port TCP: port
 * @param minDaysLeft certificate: fewer days left counts as down
 * @param path disk: a path on the file system to measure
 * @param maxPercent disk and memory: higher use counts as down
 * @param command systemd and command: id of a declared command; exit 0 is up
 * @param jdbcUrl database: JDBC URL
 * @param username database: user
 * @param password database: password; use an environment placeholder; never logged or shown
 * @param query database: validation query
 * @param maxAge backup freshness: the newest good snapshot of {@code app} must be younger; at most
 * 366 days
 * @param period heartbeat: pings are expected this often; at most 366 days
 * @param grace heartbeat: extra time allowed after the period; at most 366 days
 * @param logMatch log: the log source, the pattern and how many matching lines in a window are
 * too many
 */
public record MonitorDefinition(@NotNull MonitorType type, String app,
		@DefaultValue(MonitorDefaults.INTERVAL) @NotNull Duration interval,
		@DefaultValue(MonitorDefaults.TIMEOUT) @NotNull Duration timeout,
		@DefaultValue("" + MonitorDefaults.FAILURE_THRESHOLD) @Min(1) @Max(100) int failureThreshold,
		@DefaultValue("" + MonitorDefaults.SUCCESS_THRESHOLD) @Min(1) @Max(100) int successThreshold,
		@DefaultValue(MonitorDefaults.RENOTIFY_INTERVAL) @NotNull Duration renotifyInterval,
		@DefaultValue("false") boolean critical, @DefaultValue List<@Valid MaintenanceWindow> maintenance,
		@Valid Remediation remediation, String url, @DefaultValue(MonitorDefaults.METHOD) String method,
		@DefaultValue Map<String, String> headers, @DefaultValue List<Integer> expectedStatus, String bodyContains,
		String jsonPath, String jsonEquals, Duration maxResponseTime, String host, Integer port, Integer minDaysLeft,
		String path, Double maxPercent, String command, String jdbcUrl, String username, String password,
		@DefaultValue(MonitorDefaults.QUERY) String query, Duration maxAge, Duration period,
		@DefaultValue(MonitorDefaults.GRACE) Duration grace, @Valid LogMatch logMatch) {

	@ConstructorBinding
	public MonitorDefinition {
		maintenance = (maintenance != null) ? List.copyOf(maintenance) : List.of();
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
		expectedStatus = (expectedStatus != null) ? List.copyOf(expectedStatus) : List.of();
		method = (method != null) ? method : MonitorDefaults.METHOD;
		query = (query != null) ? query : MonitorDefaults.QUERY;
		renotifyInterval = (renotifyInterval != null) ? renotifyInterval
				: MonitorDefaults.duration(MonitorDefaults.RENOTIFY_INTERVAL);
		// A check may take at most its interval, so checks of one monitor never overlap.
		if (timeout != null && interval != null && timeout.compareTo(interval) > 0) {
			timeout = interval;
		}
	}

	/**
	 * A definition of any type but {@link MonitorType#LOG}.
	 */
	public MonitorDefinition(MonitorType type, String app, Duration interval, Duration timeout, int failureThreshold,
			int successThreshold, Duration renotifyInterval, boolean critical, List<MaintenanceWindow> maintenance,
			Remediation remediation, String url, String method, Map<String, String> headers,
			List<Integer> expectedStatus, String bodyContains, String jsonPath, String jsonEquals,
			Duration maxResponseTime, String host, Integer port, Integer minDaysLeft, String path, Double maxPercent,
			String command, String jdbcUrl, String username, String password, String query, Duration maxAge,
			Duration period, Duration grace) {
		this(type, app, interval, timeout, failureThreshold, successThreshold, renotifyInterval, critical, maintenance,
				remediation, url, method, headers, expectedStatus, bodyContains, jsonPath, jsonEquals, maxResponseTime,
				host, port, minDaysLeft, path, maxPercent, command, jdbcUrl, username, password, query, maxAge, period,
				grace, null);
	}

	/**
	 * @param now the time
	 * @return whether a maintenance window is open then
	 */
	public boolean inMaintenance(Instant now) {
		return this.maintenance.stream().anyMatch((window) -> window.contains(now));
	}

	/**
	 * @param type what is checked
	 * @return a builder holding the {@link MonitorDefaults defaults}; {@code null} given to a setter
	 * means the default too
	 */
	public static Builder builder(MonitorType type) {
		return new Builder(type);
	}

	/**
	 * @return a builder holding this definition's values, to change some of them
	 */
	public Builder toBuilder() {
		Builder b = new Builder(this.type);
		b.app = this.app;
		b.interval = this.interval;
		b.timeout = this.timeout;
		b.failureThreshold = this.failureThreshold;
		b.successThreshold = this.successThreshold;
		b.renotifyInterval = this.renotifyInterval;
		b.critical = this.critical;
		b.maintenance = this.maintenance;
		b.remediation = this.remediation;
		b.url = this.url;
		b.method = this.method;
		b.headers = this.headers;
		b.expectedStatus = this.expectedStatus;
		b.bodyContains = this.bodyContains;
		b.jsonPath = this.jsonPath;
		b.jsonEquals = this.jsonEquals;
		b.maxResponseTime = this.maxResponseTime;
		b.host = this.host;
		b.port = this.port;
		b.minDaysLeft = this.minDaysLeft;
		b.path = this.path;
		b.maxPercent = this.maxPercent;
		b.command = this.command;
		b.jdbcUrl = this.jdbcUrl;
		b.username = this.username;
		b.password = this.password;
		b.query = this.query;
		b.maxAge = this.maxAge;
		b.period = this.period;
		b.grace = this.grace;
		b.logMatch = this.logMatch;
		return b;
	}

	@Override
	public String toString() {
		return "MonitorDefinition[type=" + this.type + ", url=" + this.url + ", host=" + this.host + ", port="
				+ this.port + ", path=" + this.path + ", command=" + this.command + ", app=" + this.app + "]";
	}

	/**
	 * Builds a definition by name rather than by position, starting from the {@link MonitorDefaults
	 * defaults}. A setter given {@code null} puts the default back (or leaves the field empty when it
	 * has none).
	 */
	public static final class Builder {

		private MonitorType type;

		private String app;

		private Duration interval = MonitorDefaults.duration(MonitorDefaults.INTERVAL);

		private Duration timeout = MonitorDefaults.duration(MonitorDefaults.TIMEOUT);

		private int failureThreshold = MonitorDefaults.FAILURE_THRESHOLD;

		private int successThreshold = MonitorDefaults.SUCCESS_THRESHOLD;

		private Duration renotifyInterval = MonitorDefaults.duration(MonitorDefaults.RENOTIFY_INTERVAL);

		private boolean critical;

		private List<MaintenanceWindow> maintenance = List.of();

		private Remediation remediation;

		private String url;

		private String method = MonitorDefaults.METHOD;

		private Map<String, String> headers = Map.of();

		private List<Integer> expectedStatus = List.of();

		private String bodyContains;

		private String jsonPath;

		private String jsonEquals;

		private Duration maxResponseTime;

		private String host;

		private Integer port;

		private Integer minDaysLeft;

		private String path;

		private Double maxPercent;

		private String command;

		private String jdbcUrl;

		private String username;

		private String password;

		private String query = MonitorDefaults.QUERY;

		private Duration maxAge;

		private Duration period;

		private Duration grace = MonitorDefaults.duration(MonitorDefaults.GRACE);

		private LogMatch logMatch;

		private Builder(MonitorType type) {
			this.type = type;
		}

		private static <T> T or(T value, T fallback) {
			return (value != null) ? value : fallback;
		}

		public Builder type(MonitorType type) {
			this.type = type;
			return this;
		}

		public Builder app(String app) {
			this.app = app;
			return this;
		}

		public Builder interval(Duration interval) {
			this.interval = or(interval, MonitorDefaults.duration(MonitorDefaults.INTERVAL));
			return this;
		}

		public Builder timeout(Duration timeout) {
			this.timeout = or(timeout, MonitorDefaults.duration(MonitorDefaults.TIMEOUT));
			return this;
		}

		public Builder failureThreshold(Integer failureThreshold) {
			this.failureThreshold = or(failureThreshold, MonitorDefaults.FAILURE_THRESHOLD);
			return this;
		}

		public Builder successThreshold(Integer successThreshold) {
			this.successThreshold = or(successThreshold, MonitorDefaults.SUCCESS_THRESHOLD);
			return this;
		}

		public Builder renotifyInterval(Duration renotifyInterval) {
			this.renotifyInterval = or(renotifyInterval, MonitorDefaults.duration(MonitorDefaults.RENOTIFY_INTERVAL));
			return this;
		}

		public Builder critical(boolean critical) {
			this.critical = critical;
			return this;
		}

		public Builder maintenance(List<MaintenanceWindow> maintenance) {
			this.maintenance = or(maintenance, List.of());
			return this;
		}

		public Builder remediation(Remediation remediation) {
			this.remediation = remediation;
			return this;
		}

		public Builder url(String url) {
			this.url = url;
			return this;
		}

		public Builder method(String method) {
			this.method = or(method, MonitorDefaults.METHOD);
			return this;
		}

		public Builder headers(Map<String, String> headers) {
			this.headers = or(headers, Map.of());
			return this;
		}

		public Builder expectedStatus(List<Integer> expectedStatus) {
			this.expectedStatus = or(expectedStatus, List.of());
			return this;
		}

		public Builder bodyContains(String bodyContains) {
			this.bodyContains = bodyContains;
			return this;
		}

		public Builder jsonPath(String jsonPath) {
			this.jsonPath = jsonPath;
			return this;
		}

		public Builder jsonEquals(String jsonEquals) {
			this.jsonEquals = jsonEquals;
			return this;
		}

		public Builder maxResponseTime(Duration maxResponseTime) {
			this.maxResponseTime = maxResponseTime;
			return this;
		}

		public Builder host(String host) {
			this.host = host;
			return this;
		}

		public Builder port(Integer port) {
			this.port = port;
			return this;
		}

		public Builder minDaysLeft(Integer minDaysLeft) {
			this.minDaysLeft = minDaysLeft;
			return this;
		}

		public Builder path(String path) {
			this.path = path;
			return this;
		}

		public Builder maxPercent(Double maxPercent) {
			this.maxPercent = maxPercent;
			return this;
		}

		public Builder command(String command) {
			this.command = command;
			return this;
		}

		public Builder jdbcUrl(String jdbcUrl) {
			this.jdbcUrl = jdbcUrl;
			return this;
		}

		public Builder username(String username) {
			this.username = username;
			return this;
		}

		public Builder password(String password) {
			this.password = password;
			return this;
		}

		public Builder query(String query) {
			this.query = or(query, MonitorDefaults.QUERY);
			return this;
		}

		public Builder maxAge(Duration maxAge) {
			this.maxAge = maxAge;
			return this;
		}

		public Builder period(Duration period) {
			this.period = period;
			return this;
		}

		public Builder grace(Duration grace) {
			this.grace = or(grace, MonitorDefaults.duration(MonitorDefaults.GRACE));
			return this;
		}

		public Builder logMatch(LogMatch logMatch) {
			this.logMatch = logMatch;
			return this;
		}

		/**
		 * @return the definition
		 */
		public MonitorDefinition build() {
			return new MonitorDefinition(this.type, this.app, this.interval, this.timeout, this.failureThreshold, this.successThreshold, this.renotifyInterval, this.critical, this.maintenance, this.remediation, this.url, this.method, this.headers, this.expectedStatus, this.bodyContains, this.jsonPath, this.jsonEquals, this.maxResponseTime, this.host, this.port, this.minDaysLeft, this.path, this.maxPercent, this.command, this.jdbcUrl, this.username, this.password, this.query, this.maxAge, this.period, this.grace, this.logMatch);
		}

	}

	/**
	 * Too many matching lines in a log: DOWN while more than {@code threshold} lines of the last
	 * {@code window} match {@code pattern}. For a file source the lines written since the previous
	 * check are counted over the window; for a command source the command's whole output counts
	 * (let it choose the window, such as {@code journalctl -u ecm --since -5min}).
	 * @param source the id of a log source ({@code mamori.logs})
	 * @param pattern a Java regular expression found in a line, such as {@code ERROR}
	 * @param threshold more matching lines than this is DOWN
	 * @param window how far back lines are counted (1 s to 24 h)
	 */
	public record LogMatch(@NotNull String source, @NotNull String pattern, @DefaultValue("10") @Min(0) int threshold,
			@DefaultValue("5m") @NotNull Duration window) {
	}

	/**
	 * What to run when the monitor goes DOWN, bounded: after {@code maxAttempts} failed attempts,
	 * Mamori escalates ("manual intervention required") and stops trying until the incident closes.
	 *
	 * @param command id of a declared command, such as {@code ecm-restart}
	 * @param maxAttempts attempts per incident
	 * @param waitAfter time after each attempt before the re-check; at most 366 days
	 * @param action id of a declared action without parameters or confirmation, instead of a
	 * command: one definition serves the button and the remediation, and each attempt is an action
	 * run in its history
	 */
	public record Remediation(String command,
			@DefaultValue("" + MonitorDefaults.REMEDIATION_MAX_ATTEMPTS) @Min(1) @Max(10) int maxAttempts,
			@DefaultValue(MonitorDefaults.REMEDIATION_WAIT_AFTER) @NotNull Duration waitAfter, String action) {

		@ConstructorBinding
		public Remediation {
		}

		/**
		 * A remediation that runs a declared command.
		 */
		public Remediation(String command, int maxAttempts, Duration waitAfter) {
			this(command, maxAttempts, waitAfter, null);
		}

		/**
		 * @return what an attempt runs, for messages: the command id, or {@code action <id>}
		 */
		public String target() {
			return (this.action != null) ? "action " + this.action : this.command;
		}

		/**
		 * @param command id of a declared command
		 * @param maxAttempts attempts per incident; the default when {@code null}
		 * @param waitAfter wait after each attempt; the default when {@code null}
		 * @return the remediation
		 */
		public static Remediation of(String command, Integer maxAttempts, Duration waitAfter) {
			return new Remediation(command, (maxAttempts != null) ? maxAttempts : MonitorDefaults.REMEDIATION_MAX_ATTEMPTS,
					(waitAfter != null) ? waitAfter : MonitorDefaults.duration(MonitorDefaults.REMEDIATION_WAIT_AFTER));
		}

	}

}
