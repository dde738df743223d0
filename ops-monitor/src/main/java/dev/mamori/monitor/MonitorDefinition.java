package dev.mamori.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

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
 */
public record MonitorDefinition(@NotNull MonitorType type, String app, @DefaultValue("60s") @NotNull Duration interval,
		@DefaultValue("10s") @NotNull Duration timeout, @DefaultValue("3") @Min(1) @Max(100) int failureThreshold,
		@DefaultValue("2") @Min(1) @Max(100) int successThreshold, @DefaultValue("0s") @NotNull Duration renotifyInterval,
		@DefaultValue("false") boolean critical, @DefaultValue List<@Valid MaintenanceWindow> maintenance,
		@Valid Remediation remediation, String url, @DefaultValue("GET") String method,
		@DefaultValue Map<String, String> headers, @DefaultValue List<Integer> expectedStatus, String bodyContains,
		String jsonPath, String jsonEquals, Duration maxResponseTime, String host, Integer port, Integer minDaysLeft,
		String path, Double maxPercent, String command, String jdbcUrl, String username, String password,
		@DefaultValue("SELECT 1") String query, Duration maxAge, Duration period, @DefaultValue("60s") Duration grace) {

	public MonitorDefinition {
		maintenance = (maintenance != null) ? List.copyOf(maintenance) : List.of();
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
		expectedStatus = (expectedStatus != null) ? List.copyOf(expectedStatus) : List.of();
		method = (method != null) ? method : "GET";
		query = (query != null) ? query : "SELECT 1";
		renotifyInterval = (renotifyInterval != null) ? renotifyInterval : Duration.ZERO;
		// A check may take at most its interval, so checks of one monitor never overlap.
		if (timeout != null && interval != null && timeout.compareTo(interval) > 0) {
			timeout = interval;
		}
	}

	/**
	 * @param now the time
	 * @return whether a maintenance window is open then
	 */
	public boolean inMaintenance(Instant now) {
		return this.maintenance.stream().anyMatch((window) -> window.contains(now));
	}

	@Override
	public String toString() {
		return "MonitorDefinition[type=" + this.type + ", url=" + this.url + ", host=" + this.host + ", port="
				+ this.port + ", path=" + this.path + ", command=" + this.command + ", app=" + this.app + "]";
	}

	/**
	 * What to run when the monitor goes DOWN, bounded: after {@code maxAttempts} failed attempts,
	 * Mamori escalates ("manual intervention required") and stops trying until the incident closes.
	 *
	 * @param command id of a declared command, such as {@code ecm-restart}
	 * @param maxAttempts attempts per incident
	 * @param waitAfter time after each attempt before the re-check; at most 366 days
	 */
	public record Remediation(@NotNull String command, @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
			@DefaultValue("30s") @NotNull Duration waitAfter) {
	}

}
