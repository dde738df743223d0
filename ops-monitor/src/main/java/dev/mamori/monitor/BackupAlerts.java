package dev.mamori.monitor;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.event.BackupFailed;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Alerts when a backup run fails. A backup that fails while a restore of the app runs can only be
 * the restore's own safety copy (the restore holds the app): the restore's outcome notification
 * tells about it, so it is not mailed as a failed backup.
 */
@Component
class BackupAlerts {

	private static final Logger logger = LoggerFactory.getLogger(BackupAlerts.class);

	private final NotificationService notifications;

	private final ObjectProvider<BackupCatalogView> catalog;

	private final RestoreQuiet restores;

	BackupAlerts(NotificationService notifications, ObjectProvider<BackupCatalogView> catalog, RestoreQuiet restores) {
		this.notifications = notifications;
		this.catalog = catalog;
		this.restores = restores;
	}

	@EventListener
	void backupFailed(BackupFailed event) {
		if (this.restores.restoreRunning(event.appId())) {
			logger.info("Backup run {} of {} failed inside a restore of the app; the restore's outcome is notified "
					+ "instead: {}", event.runId(), event.appId(), event.error());
			return;
		}
		BackupCatalogView view = this.catalog.getIfAvailable();
		this.notifications.send(new Alert(Alert.Kind.BACKUP_FAILED, null, null, null, event.appId(),
				(view != null) ? view.appName(event.appId()) : null,
				"run " + event.runId() + ": " + event.error(), event.failedAt(), null, event.failedAt()));
	}

}
