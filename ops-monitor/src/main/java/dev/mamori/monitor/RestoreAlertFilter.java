package dev.mamori.monitor;

import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.AlertFilter;

import org.springframework.stereotype.Component;

/**
 * A restore stops and starts its app: a backup run that fails meanwhile is part of the restore,
 * whose own outcome is notified, so its BACKUP_FAILED alert is dropped.
 */
@Component
class RestoreAlertFilter implements AlertFilter {

	private final RestoreQuiet restores;

	RestoreAlertFilter(RestoreQuiet restores) {
		this.restores = restores;
	}

	@Override
	public String drops(Alert alert) {
		if (alert.kind() == Alert.Kind.BACKUP_FAILED && alert.appId() != null
				&& this.restores.restoreRunning(alert.appId())) {
			return "the backup of " + alert.appId() + " failed inside a restore of the app; the restore's outcome is "
					+ "notified instead";
		}
		return null;
	}

}
