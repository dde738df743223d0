package dev.mamori.monitor;

import java.time.Duration;
import java.util.Locale;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.event.DrillFinished;
import dev.mamori.core.event.DrillOverdue;
import dev.mamori.core.event.ObjectiveBreached;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Alerts when a restore drill fails, when an app's drills are overdue, and when a recovery objective
 * is not met (each told once until it holds again; the backup module decides that).
 */
@Component
class DrillAlerts {

	private final NotificationService notifications;

	private final ObjectProvider<BackupCatalogView> catalog;

	DrillAlerts(NotificationService notifications, ObjectProvider<BackupCatalogView> catalog) {
		this.notifications = notifications;
		this.catalog = catalog;
	}

	@EventListener
	void drillFinished(DrillFinished event) {
		if (event.passed()) {
			return;
		}
		send(Alert.Kind.DRILL_FAILED, event.appId(), event.reportNumber() + " (" + event.snapshotName() + "): "
				+ event.error(), event.at());
	}

	@EventListener
	void drillOverdue(DrillOverdue event) {
		send(Alert.Kind.DRILL_OVERDUE, event.appId(), "no drill passed within " + words(event.maxAge())
				+ ((event.lastPassedAt() != null) ? "; the last passed at " + event.lastPassedAt() : "; none ever passed"),
				event.at());
	}

	@EventListener
	void objectiveBreached(ObjectiveBreached event) {
		String measured = (event.measured() != null) ? words(event.measured()) : "no good backup";
		send(Alert.Kind.OBJECTIVE_BREACHED, event.appId(), ("RTO".equals(event.objective())
				? "RTO " + words(event.target()) + ", measured restore time " + measured
				: "RPO " + words(event.target()) + ", newest good backup " + measured + " old"), event.at());
	}

	private void send(Alert.Kind kind, String appId, String error, java.time.Instant at) {
		BackupCatalogView view = this.catalog.getIfAvailable();
		this.notifications.send(new Alert(kind, null, null, null, appId, (view != null) ? view.appName(appId) : null, error,
				null, null, at));
	}

	private static String words(Duration duration) {
		if (duration.toMillis() < 60_000) {
			return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
		}
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

}
