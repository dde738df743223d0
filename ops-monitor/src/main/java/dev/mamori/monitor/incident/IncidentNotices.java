package dev.mamori.monitor.incident;

import java.time.Instant;
import java.util.Map;

import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.monitor.IncidentOpened;
import dev.mamori.monitor.IncidentRecords;
import dev.mamori.monitor.IncidentResolved;
import dev.mamori.monitor.IncidentStillDown;
import dev.mamori.monitor.IncidentView;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What happens when a monitor's incident opens, goes on or closes: the incident's timeline, the
 * audit log and the alerts, with reminders offered while it stays DOWN. Runs before remediation
 * hears of the same event, so the timeline starts with the opening.
 */
@Component
class IncidentNotices {

	private static final Logger logger = LoggerFactory.getLogger(IncidentNotices.class);

	private final IncidentRecords incidents;

	private final NotificationService notifications;

	private final AuditLog audit;

	private final ObjectProvider<BackupCatalogView> catalog;

	IncidentNotices(IncidentRecords incidents, NotificationService notifications, AuditLog audit,
			ObjectProvider<BackupCatalogView> catalog) {
		this.incidents = incidents;
		this.notifications = notifications;
		this.audit = audit;
		this.catalog = catalog;
	}

	@EventListener
	@Order(0)
	void opened(IncidentOpened event) {
		long incident = event.incidentId();
		this.incidents.event(incident, event.at(), "OPENED", event.error(), null);
		logger.info("Monitor {} is DOWN: {} (incident {})", event.monitorName(), event.error(), incident);
		this.audit.record(Actor.SYSTEM, "INCIDENT_OPENED", event.monitorName(), AuditOutcome.FAILURE,
				details("incident", incident, "error", event.error()));
		this.notifications.send(IncidentAlerts.alert(this.catalog, Alert.Kind.OPENED, incident, event.monitorId(),
				event.monitorName(), event.definition(), event.error(), event.at(), null, event.at()));
	}

	@EventListener
	@Order(0)
	void stillDown(IncidentStillDown event) {
		MonitorDefinition d = event.definition();
		if (!d.renotifyInterval().isZero()) {
			// Sent only when due: RemindingNotifier knows when the incident was last notified.
			IncidentView view = this.incidents.incident(event.incidentId()).orElseThrow();
			this.notifications.remind(IncidentAlerts.alert(this.catalog, Alert.Kind.REMINDER, event.incidentId(),
					event.monitorId(), event.monitorName(), d, event.error(), view.openedAt(), null, event.at()),
					d.renotifyInterval());
		}
	}

	@EventListener
	@Order(0)
	void resolved(IncidentResolved event) {
		long incident = event.incidentId();
		Instant at = event.at();
		this.incidents.event(incident, at, "RESOLVED", event.message(), null);
		IncidentView view = this.incidents.incident(incident).orElseThrow();
		logger.info("Monitor {} is UP again after {} ms (incident {})", event.monitorName(), view.durationMs(), incident);
		this.audit.record(Actor.SYSTEM, "INCIDENT_RESOLVED", event.monitorName(), AuditOutcome.SUCCESS,
				details("incident", incident, "durationMs", view.durationMs()));
		Alert resolved = IncidentAlerts.alert(this.catalog, Alert.Kind.RESOLVED, incident, event.monitorId(),
				event.monitorName(), event.definition(), view.firstError(), view.openedAt(),
				(view.remediationAttempts() > 0) ? view.remediationAttempts() + " remediation attempt(s)" : null, at);
		// The count again, for the mail to word in its language (the webhook keeps the English line).
		this.notifications.send(new Alert(resolved.kind(), resolved.incidentId(), resolved.monitorId(),
				resolved.monitorName(), resolved.appId(), resolved.appName(), resolved.error(), resolved.since(),
				resolved.tried(), resolved.at(), null, (view.remediationAttempts() > 0) ? view.remediationAttempts() : null,
				resolved.lastGoodBackup()));
	}

	private static Map<String, Object> details(Object... pairs) {
		return IncidentAlerts.details(pairs);
	}

}
