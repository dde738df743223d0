package dev.mamori.core.audit;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Recomputes the whole audit chain shortly after startup and then daily, in the background, so
 * that the audit page starts from a full verification and only checks what was appended since;
 * a changed old event is found by the next of these (or by {@code GET /api/audit/verify}).
 */
@Component
class AuditChainSchedule {

	static final Duration INTERVAL = Duration.ofDays(1);

	private static final Logger logger = LoggerFactory.getLogger(AuditChainSchedule.class);

	private final AuditLog audit;

	private final ObjectProvider<TaskScheduler> scheduler;

	private final boolean scheduling;

	AuditChainSchedule(AuditLog audit, ObjectProvider<TaskScheduler> scheduler, Environment environment) {
		this.audit = audit;
		this.scheduler = scheduler;
		this.scheduling = environment.getProperty("mamori.scheduling.enabled", Boolean.class, true);
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		TaskScheduler tasks = this.scheduler.getIfAvailable();
		if (this.scheduling && tasks != null) {
			tasks.scheduleWithFixedDelay(this::verify, Instant.now().plusSeconds(5), INTERVAL);
		}
	}

	private void verify() {
		try {
			AuditVerification result = this.audit.verify();
			if (result.ok()) {
				logger.info("Audit chain verified in full: {} events intact", result.eventsChecked());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not verify the audit chain: {}", ex.toString());
		}
	}

}
