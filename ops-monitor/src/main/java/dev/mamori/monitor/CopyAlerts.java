package dev.mamori.monitor;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.event.CopyFailed;
import dev.mamori.core.event.CopyStale;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Alerts when an off-site copy failed after all its retries (mail in the configured language, webhook
 * event {@code COPY_FAILED}), and when the newest good copy on a target is older than the copy's
 * {@code max-age} ({@code COPY_STALE}, told once until a newer copy arrives; the backup module decides).
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
	void copyStale(CopyStale event) {
		BackupCatalogView view = this.catalog.getIfAvailable();
		String age = (event.newestAt() != null)
				? "the newest good copy on " + event.target() + " is of a backup taken at " + event.newestAt()
				: "no good copy on " + event.target() + " yet";
		this.notifications.send(new Alert(Alert.Kind.COPY_STALE, null, null, null, event.appId(),
				(view != null) ? view.appName(event.appId()) : null,
				age + ", older than the max-age " + event.maxAge().toString().substring(2).toLowerCase(java.util.Locale.ROOT),
				event.at(), null, event.at()));
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
