package dev.mamori.monitor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;
import dev.mamori.monitor.check.CheckResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What happens when a monitor's incident opens, goes on or closes: the incident row and its
 * timeline, the audit log and the alerts; remediation follows the {@link IncidentOpened},
 * {@link IncidentStillDown} and {@link IncidentResolved} events published here.
 */
@Component
class IncidentActions {

	private static final Logger logger = LoggerFactory.getLogger(IncidentActions.class);

	private final MonitorStore store;

	private final NotificationService notifications;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final ObjectProvider<BackupCatalogView> catalog;

	IncidentActions(MonitorStore store, NotificationService notifications, AuditLog audit,
			ApplicationEventPublisher events, ObjectProvider<BackupCatalogView> catalog) {
		this.store = store;
		this.notifications = notifications;
		this.audit = audit;
		this.events = events;
		this.catalog = catalog;
	}

	/**
	 * @param outcome the monitor after a result and what happens to its incident
	 * @param entry the monitor's definition
	 * @param result the result
	 * @param at when it was taken
	 * @return the monitor row, with its open incident set or cleared
	 */
	MonitorRow act(Transition.Outcome outcome, MonitorEngine.Entry entry, CheckResult result, Instant at) {
		MonitorRow row = outcome.row();
		MonitorDefinition d = entry.definition;
		switch (outcome.action()) {
			case OPEN -> {
				long incident = this.store.openIncident(row, d.app(), at, result.message());
				this.store.event(incident, at, "OPENED", result.message(), null);
				logger.info("Monitor {} is DOWN: {} (incident {})", row.name(), result.message(), incident);
				this.audit.record(Actor.SYSTEM, "INCIDENT_OPENED", row.name(), AuditOutcome.FAILURE,
						details("incident", incident, "error", result.message()));
				this.notifications.send(alert(Alert.Kind.OPENED, incident, row, d, result.message(), at, null, at));
				row = withIncident(row, incident);
				this.events.publishEvent(new IncidentOpened(incident, row.id(), row.name(), d, at));
			}
			case STILL_DOWN -> {
				long incident = row.openIncidentId();
				this.store.incidentError(incident, result.message());
				this.events.publishEvent(new IncidentStillDown(incident, row.id(), row.name(), d, at));
				if (!d.renotifyInterval().isZero()) {
					// Sent only when due: RemindingNotifier knows when the incident was last notified.
					IncidentView view = this.store.incident(incident).orElseThrow();
					this.notifications.remind(alert(Alert.Kind.REMINDER, incident, row, d, result.message(),
							view.openedAt(), null, at), d.renotifyInterval());
				}
			}
			case CLOSE -> {
				long incident = row.openIncidentId();
				this.store.closeIncident(incident, at);
				this.events.publishEvent(new IncidentResolved(incident, row.id(), row.name(), at));
				this.store.event(incident, at, "RESOLVED", result.message(), null);
				IncidentView view = this.store.incident(incident).orElseThrow();
				logger.info("Monitor {} is UP again after {} ms (incident {})", row.name(), view.durationMs(), incident);
				this.audit.record(Actor.SYSTEM, "INCIDENT_RESOLVED", row.name(), AuditOutcome.SUCCESS,
						details("incident", incident, "durationMs", view.durationMs()));
				Alert resolved = alert(Alert.Kind.RESOLVED, incident, row, d, view.firstError(), view.openedAt(),
						(view.remediationAttempts() > 0) ? view.remediationAttempts() + " remediation attempt(s)" : null, at);
				// The count again, for the mail to word in its language (the webhook keeps the English line).
				this.notifications.send(new Alert(resolved.kind(), resolved.incidentId(), resolved.monitorId(),
						resolved.monitorName(), resolved.appId(), resolved.appName(), resolved.error(), resolved.since(),
						resolved.tried(), resolved.at(), null,
						(view.remediationAttempts() > 0) ? view.remediationAttempts() : null, resolved.lastGoodBackup()));
				row = withIncident(row, null);
			}
			case NONE -> {
			}
		}
		return row;
	}

	private Alert alert(Alert.Kind kind, Long incident, MonitorRow row, MonitorDefinition d, String error,
			Instant since, String tried, Instant at) {
		return alert(this.catalog, kind, incident, row.id(), row.name(), d, error, since, tried, at);
	}

	static Alert alert(ObjectProvider<BackupCatalogView> catalog, Alert.Kind kind, Long incident, long monitorId,
			String monitorName, MonitorDefinition d, String error, Instant since, String tried, Instant at) {
		BackupCatalogView view = catalog.getIfAvailable();
		String appName = (d.app() != null && view != null) ? view.appName(d.app()) : null;
		// What a reader of a DOWN mail asks first: is there a backup to go back to?
		Instant lastGood = (d.app() != null && view != null) ? view.newestGoodSnapshotAt(d.app()).orElse(null) : null;
		return new Alert(kind, incident, monitorId, monitorName, d.app(), appName, error, since, tried, at, null, null,
				lastGood);
	}

	private static MonitorRow withIncident(MonitorRow r, Long incident) {
		return new MonitorRow(r.id(), r.name(), r.origin(), r.type(), r.definitionJson(), r.heartbeatToken(), r.paused(),
				r.state(), r.stateSince(), r.failures(), r.successes(), r.lastCheckedAt(), r.lastUp(), r.lastMessage(),
				r.lastResponseMs(), r.lastPingAt(), incident, r.createdAt());
	}

	static Map<String, Object> details(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i + 1 < pairs.length; i += 2) {
			if (pairs[i + 1] != null) {
				map.put((String) pairs[i], pairs[i + 1]);
			}
		}
		return map;
	}

}
