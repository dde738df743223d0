package dev.mamori.backup;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

import dev.mamori.backup.restore.RestoreListener;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a server restore's steps in its run row and the audit log, each in a short transaction.
 */
final class RestoreRecorder implements RestoreListener {

	private final long runId;

	private final String appId;

	private final Actor actor;

	private final RestoreRunRepository runs;

	private final TransactionTemplate tx;

	private final AuditLog audit;

	private final Clock clock;

	private int position;

	RestoreRecorder(long runId, String appId, Actor actor, RestoreRunRepository runs, TransactionTemplate tx,
			AuditLog audit, Clock clock) {
		this.runId = runId;
		this.appId = appId;
		this.actor = actor;
		this.runs = runs;
		this.tx = tx;
		this.audit = audit;
		this.clock = clock;
	}

	@Override
	public void stepStarted(String name) {
		this.position = this.tx.execute((s) -> {
			RestoreRun run = this.runs.findById(this.runId).orElseThrow();
			run.begin(name, this.clock.instant());
			this.runs.flush();
			return run.toView().steps().size();
		});
	}

	@Override
	public void stepEnded(String name, String outcome, String message) {
		int at = this.position;
		String text = (message != null && message.length() > 4000) ? message.substring(0, 3999) + "…" : message;
		this.tx.executeWithoutResult((s) -> this.runs.findById(this.runId).orElseThrow().step(at).end(outcome, text,
				this.clock.instant()));
		this.audit.record(this.actor, "RESTORE_STEP", this.appId,
				"FAILED".equals(outcome) ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
				Map.of("restoreId", this.runId, "step", name, "outcome", outcome));
	}

	/**
	 * @param change a change to the run row, in its own short transaction
	 */
	void update(Consumer<RestoreRun> change) {
		this.tx.executeWithoutResult((s) -> change.accept(this.runs.findById(this.runId).orElseThrow()));
	}

}
