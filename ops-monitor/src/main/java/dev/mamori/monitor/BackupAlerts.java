package dev.mamori.monitor;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.event.BackupFailed;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Alerts when a backup run fails.
 */
@Component
class BackupAlerts {

	private final NotificationService notifications;

	private final ObjectProvider<BackupCatalogView> catalog;

	BackupAlerts(NotificationService notifications, ObjectProvider<BackupCatalogView> catalog) {
		this.notifications = notifications;
		this.catalog = catalog;
	}

	@EventListener
	void backupFailed(BackupFailed event) {
		BackupCatalogView view = this.catalog.getIfAvailable();
		this.notifications.send(new Alert(Alert.Kind.BACKUP_FAILED, null, null, null, event.appId(),
				(view != null) ? view.appName(event.appId()) : null,
				"run " + event.runId() + ": " + event.error(), event.failedAt(), null, event.failedAt()));
	}

}
