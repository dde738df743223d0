package dev.mamori.monitor;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.event.RestoreFinished;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells people how every restore ended, by email and webhook, each outcome with its own subject:
 * succeeded, failed (nothing live touched), rolled back, and rollback failed (manual intervention
 * required).
 */
@Component
class RestoreAlerts {

	private static final Logger logger = LoggerFactory.getLogger(RestoreAlerts.class);

	private final NotificationService notifications;

	private final ObjectProvider<BackupCatalogView> catalog;

	RestoreAlerts(NotificationService notifications, ObjectProvider<BackupCatalogView> catalog) {
		this.notifications = notifications;
		this.catalog = catalog;
	}

	@EventListener
	void restoreFinished(RestoreFinished event) {
		BackupCatalogView view = this.catalog.getIfAvailable();
		Alert alert = new Alert(Alert.Kind.ofRestore(event.outcome()), null, null, null, event.appId(),
				(view != null) ? view.appName(event.appId()) : null, event.message(), null, null, event.finishedAt(),
				new Alert.Restore(event.runId(), event.outcome(), event.snapshotName(), event.reportNumber(),
						event.rto()));
		try {
			this.notifications.send(alert);
		}
		catch (RuntimeException ex) {
			// Published on the restore's own thread after its outcome is recorded: a notification
			// that cannot even be queued must not turn into a failure of the restore.
			logger.error("Could not queue the notification of restore run {} of {} ({}): {}", event.runId(),
					event.appId(), event.outcome(), ex.toString());
		}
	}

}
