package dev.mamori.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.restore.ReportNumbers;
import dev.mamori.backup.restore.RestoreRecovery;
import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.event.RestoreFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How every restore ends on the server, whatever ended it (the run itself or the recovery after a
 * crash): the report number claimed on the destination, the run row closed, the audit event, and
 * {@link RestoreFinished} for notifications and monitoring.
 */
final class RestoreOutcomes {

	private static final Logger logger = LoggerFactory.getLogger(RestoreOutcomes.class);

	private final AppRegistry apps;

	private final BackupService backups;

	private final AppLeases leases;

	private final RestoreRunRepository runs;

	private final TransactionTemplate tx;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	RestoreOutcomes(AppRegistry apps, BackupService backups, AppLeases leases, RestoreRunRepository runs,
			TransactionTemplate tx, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
		this.apps = apps;
		this.backups = backups;
		this.leases = leases;
		this.runs = runs;
		this.tx = tx;
		this.audit = audit;
		this.events = events;
		this.clock = clock;
	}

	RestoreRunView end(long runId, String appId, Actor actor, RestoreStatus status, String error, Instant healthyAt) {
		String number = claimNumber(runId, appId);
		RestoreRunView view = this.tx.execute((s) -> {
			RestoreRun run = this.runs.findById(runId).orElseThrow();
			run.reportNumber(number);
			run.finish(status, error, (healthyAt != null) ? healthyAt : this.clock.instant(), status == RestoreStatus.SUCCEEDED);
			return run.toView();
		});
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("restoreId", runId);
		details.put("status", status.name());
		details.put("report", number);
		details.put("rpoSeconds", view.rpo().toSeconds());
		if (view.rto() != null) {
			details.put("rtoSeconds", view.rto().toMillis() / 1000.0);
		}
		if (error != null) {
			details.put("error", (error.length() > 1000) ? error.substring(0, 1000) : error);
		}
		this.audit.record(actor, "RESTORE_" + status.name(), appId,
				(status == RestoreStatus.SUCCEEDED) ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE, details);
		logger.info("Restore {} of {} ended {} ({}){}", runId, appId, status, number, (error != null) ? ": " + error : "");
		this.events.publishEvent(new RestoreFinished(appId, runId, status.name(), error, view.snapshotName(), number,
				view.rto(), this.clock.instant()));
		return view;
	}

	/**
	 * After the journal's recovery at startup: each recovered run's row ended (also one that had
	 * succeeded when Mamori died), a pre-restore archive written now listed and recorded on its run,
	 * and rows no process runs any more ended "interrupted".
	 * @param recovered what the recovery did
	 */
	void afterRecovery(List<RestoreRecovery.Recovered> recovered) {
		for (RestoreRecovery.Recovered done : recovered) {
			if (done.preRestoreArchive() != null && this.apps.all().containsKey(done.appId())) {
				Long snapshotId = this.backups.registerArchive(done.appId(), this.apps.get(done.appId()).backup().destination()
					.resolve(done.preRestoreArchive()));
				this.tx.executeWithoutResult((s) -> this.runs.findById(done.runId()).ifPresent((run) -> {
					run.preRestoreArchive(done.preRestoreArchive(), snapshotId);
					run.closeOpenSteps("SUCCEEDED", "written at the next start, after an interruption: "
							+ done.preRestoreArchive(), this.clock.instant());
				}));
			}
			if (done.runId() <= 0) {
				// A command-line restore has no run row; its recovery by the server is still audited and told.
				this.audit.record(Actor.SYSTEM, "RESTORE_" + done.status().name(), done.appId(),
						(done.status() == RestoreStatus.SUCCEEDED) ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
						Map.of("cliRun", done.runId(), "message", String.valueOf(done.message())));
				this.events.publishEvent(new RestoreFinished(done.appId(), done.runId(), done.status().name(), done.message(),
						null, null, null, this.clock.instant()));
			}
			else {
				this.runs.findById(done.runId())
					.filter((run) -> run.toView().status() == RestoreStatus.RUNNING)
					.ifPresent((run) -> end(done.runId(), done.appId(), Actor.SYSTEM, done.status(), done.message(), null));
			}
		}
		for (RestoreRun run : this.runs.findByStatus(RestoreStatus.RUNNING)) {
			boolean elsewhere = this.leases.holder(run.toView().appId())
				.filter((h) -> "restore".equals(h.purpose()) && !h.expiredAt(this.clock.instant()) && !h.deadLocalProcess())
				.isPresent();
			if (!elsewhere && recovered.stream().noneMatch((r) -> r.runId() == run.getId())) {
				end(run.getId(), run.toView().appId(), Actor.SYSTEM, RestoreStatus.FAILED,
						"interrupted: Mamori stopped during the restore", null);
			}
		}
	}

	/** Claimed on the destination, so unique across instances and fresh installs on the same drive. */
	private String claimNumber(long runId, String appId) {
		int year = this.clock.instant().atZone(ZoneId.systemDefault()).getYear();
		long known = this.runs.reportNumbersLike("REC-" + year + "-%")
			.stream()
			.mapToLong(ReportNumbers::ordinal)
			.max()
			.orElse(0);
		Path destination = this.apps.all().containsKey(appId) ? this.apps.get(appId).backup().destination() : null;
		if (destination == null || !Files.isDirectory(destination)) {
			return ReportNumbers.format("REC", year, known + 1);
		}
		try {
			return ReportNumbers.claim(destination, "REC", year, known, (number) -> "# " + number + "\n\nRestore run "
					+ runId + " of " + appId + " on " + BackupService.hostName() + "; the full report is in Mamori.\n");
		}
		catch (IOException ex) {
			logger.warn("Could not claim a report number on {}: {}", destination, ex.getMessage());
			return ReportNumbers.format("REC", year, known + 1);
		}
	}

}
