package dev.mamori.web.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mamori.monitor.InvalidMonitorException;
import dev.mamori.monitor.MaintenanceWindow;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorDurations;
import dev.mamori.monitor.MonitorType;


/**
 * The body of {@code POST /api/monitors} and {@code PUT /api/monitors/{id}}. Durations are written
 * like the configuration file ({@code 30s}, {@code 5m}) or ISO 8601 ({@code PT30S}), at most
 * {@link MonitorDurations#MAX 366 days}; maintenance instants lie between the years 2000 and 9999.
 * Unknown fields are refused (400 naming them).
 *
 * @param name unique name (only on create)
 * @param type {@code http}, {@code tcp}, {@code certificate} or {@code heartbeat}
 * @param app id of the app the monitor belongs to
 * @param interval time between checks (default 60s)
 * @param timeout time one check may take (default 10s)
 * @param failureThreshold failed checks in a row before DOWN (default 3)
 * @param successThreshold passed checks in a row before an incident closes (default 2)
 * @param renotifyInterval remind this often while DOWN (default 0: never)
 * @param critical make the monitors health contributor DOWN while DOWN
 * @param maintenance maintenance windows
 * @param remediation a declared command to run when DOWN
 * @param url HTTP or certificate URL
 * @param method HTTP method (default GET)
 * @param headers HTTP headers
 * @param expectedStatus accepted status codes (default any 2xx or 3xx)
 * @param bodyContains text the body must contain
 * @param jsonPath JSON path into the body, such as {@code $.status}
 * @param jsonEquals the value expected at the JSON path
 * @param maxResponseTime slower answers count as down
 * @param host TCP host
 * @param port TCP port
 * @param minDaysLeft certificate: fewer days left count as down (default 14)
 * @param period heartbeat: expected ping period
 * @param grace heartbeat: extra time allowed (default 60s)
 * @param path not accepted: disk monitors are declared in the configuration file
 * @param maxPercent not accepted: disk and memory monitors are declared in the configuration file
 * @param command not accepted: systemd and command monitors are declared in the configuration file
 * @param jdbcUrl not accepted: database monitors are declared in the configuration file
 * @param maxAge not accepted: backup-freshness monitors are declared in the configuration file
 */
record MonitorRequest(String name, String type, String app, String interval, String timeout, Integer failureThreshold,
		Integer successThreshold, String renotifyInterval, Boolean critical, List<Window> maintenance,
		Remediation remediation, String url, String method, Map<String, String> headers, List<Integer> expectedStatus,
		String bodyContains, String jsonPath, String jsonEquals, String maxResponseTime, String host, Integer port,
		Integer minDaysLeft, String period, String grace, String path, Double maxPercent, String command,
		String jdbcUrl, String maxAge) {

	MonitorDefinition toDefinition() {
		MonitorType monitorType = type(this.type);
		// Known fields of host-side monitors: refused with the reason rather than as unknown fields.
		Map<String, Object> hostSide = new LinkedHashMap<>();
		hostSide.put("path", this.path);
		hostSide.put("maxPercent", this.maxPercent);
		hostSide.put("command", this.command);
		hostSide.put("jdbcUrl", this.jdbcUrl);
		hostSide.put("maxAge", this.maxAge);
		hostSide.forEach((field, value) -> {
			if (value != null && !monitorType.hostSide()) {
				throw new InvalidMonitorException(field, "only for monitors that read the host, which can only be "
						+ "declared in the configuration file");
			}
		});
		List<MaintenanceWindow> windows = new ArrayList<>();
		for (int i = 0; (this.maintenance != null) && i < this.maintenance.size(); i++) {
			Window w = this.maintenance.get(i);
			if (w == null) {
				throw new InvalidMonitorException("maintenance[" + i + "]", "must not be null");
			}
			windows.add(new MaintenanceWindow(w.cron(),
					MonitorDurations.parse("maintenance[" + i + "].duration", w.duration(), null), w.start(), w.end()));
		}
		MonitorDefinition.Remediation remedy = (this.remediation != null)
				? MonitorDefinition.Remediation.of(this.remediation.command(), this.remediation.maxAttempts(),
						MonitorDurations.parse("remediation.waitAfter", this.remediation.waitAfter(), null))
				: null;
		if (this.failureThreshold != null && (this.failureThreshold < 1 || this.failureThreshold > 100)) {
			throw new InvalidMonitorException("failureThreshold", "must be 1 to 100");
		}
		if (this.successThreshold != null && (this.successThreshold < 1 || this.successThreshold > 100)) {
			throw new InvalidMonitorException("successThreshold", "must be 1 to 100");
		}
		if (remedy != null && (remedy.maxAttempts() < 1 || remedy.maxAttempts() > 10)) {
			throw new InvalidMonitorException("remediation.maxAttempts", "must be 1 to 10");
		}
		return MonitorDefinition.builder(monitorType)
			.app(blankToNull(this.app))
			.interval(MonitorDurations.parse("interval", this.interval, null))
			.timeout(MonitorDurations.parse("timeout", this.timeout, null))
			.failureThreshold(this.failureThreshold)
			.successThreshold(this.successThreshold)
			.renotifyInterval(MonitorDurations.parse("renotifyInterval", this.renotifyInterval, null))
			.critical(Boolean.TRUE.equals(this.critical))
			.maintenance(windows)
			.remediation(remedy)
			.url(this.url)
			.method(this.method)
			.headers(this.headers)
			.expectedStatus(this.expectedStatus)
			.bodyContains(this.bodyContains)
			.jsonPath(this.jsonPath)
			.jsonEquals(this.jsonEquals)
			.maxResponseTime(MonitorDurations.parse("maxResponseTime", this.maxResponseTime, null))
			.host(this.host)
			.port(this.port)
			.minDaysLeft(this.minDaysLeft)
			.period(MonitorDurations.parse("period", this.period, null))
			.grace(MonitorDurations.parse("grace", this.grace, null))
			.build();
	}

	private static MonitorType type(String text) {
		if (text == null || text.isBlank()) {
			throw new InvalidMonitorException("type", "required: http, tcp, certificate or heartbeat");
		}
		try {
			return MonitorType.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMonitorException("type", "'" + text + "' is not a monitor type; use http, tcp, certificate or heartbeat");
		}
	}


	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	/**
	 * @param cron recurring start (5 or 6 fields)
	 * @param duration recurring length
	 * @param start one-off start
	 * @param end one-off end
	 */
	record Window(String cron, String duration, Instant start, Instant end) {
	}

	/**
	 * @param command id of a declared command
	 * @param maxAttempts attempts per incident (default 3)
	 * @param waitAfter wait after each attempt before re-checking (default 30s)
	 */
	record Remediation(String command, Integer maxAttempts, String waitAfter) {
	}

}
