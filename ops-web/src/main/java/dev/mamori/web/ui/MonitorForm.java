package dev.mamori.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.mamori.monitor.InvalidMonitorException;
import dev.mamori.monitor.MonitorDefaults;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorDurations;
import dev.mamori.monitor.MonitorType;

/**
 * The monitor form: HTTP, TCP, certificate and heartbeat monitors. Everything it does not show
 * (headers, remediation, maintenance windows, secrets) is kept from the stored definition when a
 * monitor is edited.
 *
 * @param name unique name
 * @param type HTTP, TCP, CERTIFICATE or HEARTBEAT
 * @param url URL (HTTP, certificate)
 * @param expectedStatus accepted status codes, comma separated (HTTP); blank for any 2xx
 * @param bodyContains text the body must contain (HTTP)
 * @param jsonPath JSON path (HTTP)
 * @param jsonEquals expected value at the JSON path (HTTP)
 * @param maxResponseTime slower is a failure (HTTP)
 * @param host host (TCP)
 * @param port port (TCP)
 * @param minDaysLeft fewer days of certificate validity is a failure (certificate)
 * @param period expected time between pings (heartbeat)
 * @param grace extra time before a missed ping counts (heartbeat)
 * @param interval time between checks such as 60s
 * @param timeout time a check may take
 * @param failureThreshold failures before DOWN
 * @param successThreshold successes before an incident closes
 * @param critical whether a DOWN state makes the {@code monitors} health contributor DOWN
 * @param app app id, optional
 */
record MonitorForm(String name, String type, String url, String expectedStatus, String bodyContains, String jsonPath,
		String jsonEquals, String maxResponseTime, String host, Integer port, Integer minDaysLeft, String period,
		String grace, String interval, String timeout, Integer failureThreshold, Integer successThreshold,
		Boolean critical, String app) {

	/** The types the form handles; others are declared in the configuration file or the API. */
	static final List<String> TYPES = List.of("HTTP", "TCP", "CERTIFICATE", "HEARTBEAT");

	static MonitorForm empty() {
		return new MonitorForm("", "HTTP", "", "", "", "", "", "", "", null, null, "", MonitorDefaults.GRACE,
				MonitorDefaults.INTERVAL, MonitorDefaults.TIMEOUT, MonitorDefaults.FAILURE_THRESHOLD,
				MonitorDefaults.SUCCESS_THRESHOLD, false, "");
	}

	static MonitorForm of(String name, MonitorDefinition d) {
		return new MonitorForm(name, d.type().name(), text(d.url()),
				d.expectedStatus().stream().map(String::valueOf).collect(Collectors.joining(",")), text(d.bodyContains()),
				text(d.jsonPath()), text(d.jsonEquals()), MonitorDurations.format(d.maxResponseTime()), text(d.host()),
				d.port(), d.minDaysLeft(), MonitorDurations.format(d.period()), MonitorDurations.format(d.grace()),
				MonitorDurations.format(d.interval()), MonitorDurations.format(d.timeout()), d.failureThreshold(),
				d.successThreshold(), d.critical(), text(d.app()));
	}

	/**
	 * @param base the stored definition when editing, {@code null} when creating
	 * @return the definition with this form's fields
	 * @throws InvalidMonitorException naming the field that cannot be read
	 */
	MonitorDefinition apply(MonitorDefinition base) {
		if (!TYPES.contains(this.type)) {
			throw new InvalidMonitorException("type", "choose one of " + String.join(", ", TYPES));
		}
		MonitorType monitorType = MonitorType.valueOf(this.type);
		// Editing keeps what the form does not show (headers, remediation, secrets...) from the stored definition.
		MonitorDefinition.Builder builder = (base != null) ? base.toBuilder().type(monitorType)
				: MonitorDefinition.builder(monitorType);
		return builder.app(blank(this.app))
			.interval(MonitorDurations.parse("interval", this.interval, null))
			.timeout(MonitorDurations.parse("timeout", this.timeout, null))
			.failureThreshold(this.failureThreshold)
			.successThreshold(this.successThreshold)
			.critical(Boolean.TRUE.equals(this.critical))
			.url(blank(this.url))
			.expectedStatus(statuses(this.expectedStatus))
			.bodyContains(blank(this.bodyContains))
			.jsonPath(blank(this.jsonPath))
			.jsonEquals(blank(this.jsonEquals))
			.maxResponseTime(MonitorDurations.parse("maxResponseTime", this.maxResponseTime, null))
			.host(blank(this.host))
			.port(this.port)
			.minDaysLeft(this.minDaysLeft)
			.period(MonitorDurations.parse("period", this.period, null))
			.grace(MonitorDurations.parse("grace", this.grace, null))
			.build();
	}

	private static List<Integer> statuses(String text) {
		List<Integer> codes = new ArrayList<>();
		if (text == null || text.isBlank()) {
			return codes;
		}
		for (String part : text.split("[,\\s]+")) {
			if (part.isEmpty()) {
				continue;
			}
			try {
				int code = Integer.parseInt(part);
				if (code < 100 || code > 599) {
					throw new NumberFormatException();
				}
				codes.add(code);
			}
			catch (NumberFormatException ex) {
				throw new InvalidMonitorException("expectedStatus",
						"'" + part + "' is not an HTTP status code (100 to 599); separate several with commas");
			}
		}
		return codes;
	}

	private static String blank(String text) {
		return (text == null || text.isBlank()) ? null : text.trim();
	}

	private static String text(String text) {
		return (text != null) ? text : "";
	}

}
