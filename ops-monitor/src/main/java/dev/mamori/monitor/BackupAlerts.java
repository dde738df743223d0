package dev.mamori.monitor;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.event.BackupFailed;
import dev.mamori.core.event.BackupSuspect;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Alerts when a backup run fails, and when a finished backup is suspect (its data dropped sharply). A backup that fails while a restore of the app runs can only be
 * the restore's own safety copy (the restore holds the app): the restore's outcome notification
 * tells about it, so it is not mailed as a failed backup ({@link RestoreAlertFilter}).
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
		// Not sent while a restore of the app runs: RestoreAlertFilter drops it, the restore's outcome is told.
		BackupCatalogView view = this.catalog.getIfAvailable();
		this.notifications.send(new Alert(Alert.Kind.BACKUP_FAILED, null, null, null, event.appId(),
				(view != null) ? view.appName(event.appId()) : null,
				"run " + event.runId() + ": " + event.error(), event.failedAt(), null, event.failedAt()));
	}

	@EventListener
	void backupSuspect(BackupSuspect event) {
		BackupCatalogView view = this.catalog.getIfAvailable();
		this.notifications.send(new Alert(Alert.Kind.BACKUP_SUSPECT, null, null, null, event.appId(),
				(view != null) ? view.appName(event.appId()) : null,
				event.snapshotName() + ": " + String.join("; ", event.reasons()), null, null, event.at(), null, null, null,
				new Alert.Suspect(event.snapshotName(), event.reasons(), event.reasonsJa())));
	}

}
