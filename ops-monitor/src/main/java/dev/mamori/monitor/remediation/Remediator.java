package dev.mamori.monitor.remediation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.mamori.core.DaemonThreads;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.command.CommandResult;
import dev.mamori.core.command.CommandRunner;
import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.CheckRunner;
import dev.mamori.monitor.IncidentOpened;
import dev.mamori.monitor.IncidentRecords;
import dev.mamori.monitor.IncidentResolved;
import dev.mamori.monitor.IncidentStillDown;
import dev.mamori.monitor.IncidentView;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitoringSettings;
import dev.mamori.monitor.QuietPeriods;
import dev.mamori.monitor.RemediationActions;
import dev.mamori.monitor.RemediationRechecked;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;
import dev.mamori.monitor.incident.IncidentAlerts;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Bounded automatic recovery: when a monitor with a remediation goes DOWN, run its declared command,
 * wait, re-check; at most {@code max-attempts} times per incident. A passing re-check ends the
 * attempts (the incident closes through the normal success threshold). After the last failed
 * attempt Mamori escalates once ("manual intervention required") and tries nothing more until the
 * incident closes; the next incident starts from zero. Every attempt is audited and recorded on the
 * incident's timeline with the command, exit code, output tail, duration and re-check result.
 * While a restore of the monitor's app runs (and its grace period), no attempt is made: the
 * remediation is held and resumes with its next attempt when the monitor is still DOWN afterwards.
 */
@Component
class Remediator {

	private static final Logger logger = LoggerFactory.getLogger(Remediator.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final CommandRunner commands;

	private final CheckRunner checks;

	private final IncidentRecords store;

	private final AuditLog audit;

	private final NotificationService notifications;

	private final ApplicationEventPublisher events;

	private final ObjectProvider<BackupCatalogView> catalog;

	private final Clock clock;

	private final ExecutorService executor;

	private final QuietPeriods quiet;

	private final RemediationActions actions;

	/** Incidents whose remediation a restore held. */
	private final Set<Long> held = ConcurrentHashMap.newKeySet();

	Remediator(CommandRunner commands, CheckRunner checks, IncidentRecords store, AuditLog audit,
			NotificationService notifications, ApplicationEventPublisher events,
			ObjectProvider<BackupCatalogView> catalog, Clock clock, MonitoringSettings settings, QuietPeriods quiet,
			RemediationActions actions) {
		this.quiet = quiet;
		this.actions = actions;
		this.commands = commands;
		this.checks = checks;
		this.store = store;
		this.audit = audit;
		this.notifications = notifications;
		this.events = events;
		this.catalog = catalog;
		this.clock = clock;
		this.executor = Executors.newFixedThreadPool(settings.remediationThreads(), DaemonThreads.named("mamori-remedy"));
	}

	@EventListener
	@Order(10)
	void opened(IncidentOpened event) {
		if (event.definition().remediation() != null) {
			start(event.incidentId(), new Target(event.monitorId(), event.monitorName(), event.definition()));
		}
	}

	/**
	 * Goes on with a remediation that a restore held, from its next attempt, when the incident is
	 * still open outside the restore's quiet period.
	 */
	@EventListener
	@Order(10)
	void stillDown(IncidentStillDown event) {
		if (event.definition().remediation() != null) {
			resumeIfHeld(event.incidentId(), new Target(event.monitorId(), event.monitorName(), event.definition()));
		}
	}

	@EventListener
	@Order(10)
	void resolved(IncidentResolved event) {
		this.held.remove(event.incidentId());
	}

	private void start(long incident, Target entry) {
		this.executor.execute(() -> {
			try {
				remediate(incident, entry);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.error("Remediation of {} (incident {}) stopped: {}", entry.name(), incident, ex.toString());
			}
		});
	}

	private void resumeIfHeld(long incident, Target entry) {
		if (this.held.remove(incident)) {
			logger.info("Remediation of {} (incident {}) resumes: the restore is over", entry.name(), incident);
			start(incident, entry);
		}
	}

	private void remediate(long incident, Target entry) throws InterruptedException {
		MonitorDefinition.Remediation plan = entry.definition().remediation();
		int first = this.store.incident(incident).map(IncidentView::remediationAttempts).orElse(0) + 1;
		for (int attempt = first; attempt <= plan.maxAttempts(); attempt++) {
			if (!stillOpen(incident) || heldByRestore(incident, entry)) {
				return;
			}
			CommandResult command = (plan.action() != null) ? this.actions.run(plan.action())
					: this.commands.run(plan.command());
			Thread.sleep(plan.waitAfter().toMillis());
			CheckResult recheck;
			try {
				recheck = this.checks.run(entry.definition())
					.get(entry.definition().timeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
			}
			catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
				recheck = CheckResult.down(null, "re-check failed: " + ex);
			}
			Instant now = this.clock.instant();
			this.store.remediationAttempted(incident, attempt);
			Map<String, Object> details = IncidentAlerts.details("incident", incident, "attempt", attempt,
					"maxAttempts", plan.maxAttempts(), "command", plan.target(), "exitCode", command.exitCode(),
					"timedOut", command.timedOut(), "durationMs", command.duration().toMillis(), "outputTail",
					truncate(command.outputTail(), 2000), "recheckUp", recheck.up(), "recheck",
					recheck.message());
			String summary = "attempt " + attempt + "/" + plan.maxAttempts() + ": " + command.summary() + "; re-check "
					+ (recheck.up() ? "passed" : "failed") + ": " + recheck.message();
			this.store.event(incident, now, "REMEDIATION_ATTEMPT", summary, json.writeValueAsString(details));
			this.audit.record(Actor.SYSTEM, "REMEDIATION_ATTEMPT", entry.name(),
					recheck.up() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE, details);
			logger.info("Remediation of {}: {}", entry.name(), summary);
			this.events.publishEvent(new RemediationRechecked(entry.id(), recheck));
			if (recheck.up()) {
				return;
			}
		}
		if (!stillOpen(incident) || heldByRestore(incident, entry)) {
			return;
		}
		Instant now = this.clock.instant();
		this.store.escalated(incident);
		String message = "manual intervention required: " + plan.maxAttempts() + " attempt(s) of " + plan.target()
				+ " did not help";
		this.store.event(incident, now, "ESCALATED", message, null);
		this.audit.record(Actor.SYSTEM, "REMEDIATION_ESCALATED", entry.name(), AuditOutcome.FAILURE,
				IncidentAlerts.details("incident", incident, "attempts", plan.maxAttempts(), "command", plan.target()));
		logger.warn("Monitor {}: {}", entry.name(), message);
		IncidentView view = this.store.incident(incident).orElseThrow();
		this.notifications.send(IncidentAlerts.alert(this.catalog, Alert.Kind.ESCALATED, incident, entry.id(),
				entry.name(), entry.definition(), view.lastError(), view.openedAt(),
				plan.maxAttempts() + " × " + plan.target(), now));
	}

	/** A restore stops and starts the app itself: no command runs, nobody is alerted, meanwhile. */
	private boolean heldByRestore(long incident, Target entry) {
		Instant now = this.clock.instant();
		Optional<String> reason = this.quiet.reason(entry.definition().app(), now);
		if (reason.isEmpty()) {
			return false;
		}
		this.held.add(incident);
		this.store.event(incident, now, "REMEDIATION_HELD", "not run: " + reason.get(), null);
		logger.info("Remediation of {} (incident {}) held: {}", entry.name(), incident, reason.get());
		return true;
	}

	private boolean stillOpen(long incident) {
		return this.store.incident(incident).map(IncidentView::open).orElse(false);
	}

	private static String truncate(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	/** The monitor being remediated. */
	private record Target(long id, String name, MonitorDefinition definition) {
	}

	@PreDestroy
	void close() {
		this.executor.shutdownNow();
	}

}
