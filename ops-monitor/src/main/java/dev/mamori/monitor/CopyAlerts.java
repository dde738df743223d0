package dev.mamori.monitor;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.event.CopyFailed;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Alerts when an off-site copy failed after all its retries (mail in the configured language, webhook
 * event {@code COPY_FAILED}).
 */
@Component
class CopyAlerts {

	private final NotificationService notifications;

	private final ObjectProvider<BackupCatalogView> catalog;

	CopyAlerts(NotificationService notifications, ObjectProvider<BackupCatalogView> catalog) {
		this.notifications = notifications;
		this.catalog = catalog;
	}

	@EventListener
	void copyFailed(CopyFailed event) {
		BackupCatalogView view = this.catalog.getIfAvailable();
		this.notifications.send(new Alert(Alert.Kind.COPY_FAILED, null, null, null, event.appId(),
				(view != null) ? view.appName(event.appId()) : null,
				event.snapshotName() + " -> " + event.target() + " (" + event.attempts() + " attempts): " + event.error(),
				event.failedAt(), null, event.failedAt()));
	}

}
