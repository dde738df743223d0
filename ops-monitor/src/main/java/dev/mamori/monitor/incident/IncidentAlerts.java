package dev.mamori.monitor.incident;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.alert.Alert;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Alerts about a monitor's incident, with what a reader asks first (the app's name and its last
 * good backup); and the audit details of incident steps.
 */
public final class IncidentAlerts {

	private IncidentAlerts() {
	}

	/**
	 * @param catalog the backup catalog, when this Mamori has one
	 * @param kind what happened
	 * @param incident the incident
	 * @param monitorId the monitor
	 * @param monitorName its name
	 * @param d its definition
	 * @param error the error in one line
	 * @param since when the trouble started
	 * @param tried what Mamori tried, or {@code null}
	 * @param at when
	 * @return the alert
	 */
	public static Alert alert(ObjectProvider<BackupCatalogView> catalog, Alert.Kind kind, Long incident, long monitorId,
			String monitorName, MonitorDefinition d, String error, Instant since, String tried, Instant at) {
		BackupCatalogView view = catalog.getIfAvailable();
		String appName = (d.app() != null && view != null) ? view.appName(d.app()) : null;
		// What a reader of a DOWN mail asks first: is there a backup to go back to?
		Instant lastGood = (d.app() != null && view != null) ? view.newestGoodSnapshotAt(d.app()).orElse(null) : null;
		return new Alert(kind, incident, monitorId, monitorName, d.app(), appName, error, since, tried, at, null, null,
				lastGood);
	}

	/**
	 * @param pairs names and values; pairs with a {@code null} value are left out
	 * @return the details, in order
	 */
	public static Map<String, Object> details(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i + 1 < pairs.length; i += 2) {
			if (pairs[i + 1] != null) {
				map.put((String) pairs[i], pairs[i + 1]);
			}
		}
		return map;
	}

}
