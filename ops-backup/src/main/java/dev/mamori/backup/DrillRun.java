package dev.mamori.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.backup.drill.DrillResult;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

@Entity
@Table(name = "drill_run")
class DrillRun {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "app_id", nullable = false)
	private String appId;

	@Column(name = "snapshot_id", nullable = false)
	private long snapshotId;

	@Column(name = "snapshot_name", nullable = false)
	private String snapshotName;

	@Column(name = "snapshot_created", nullable = false)
	private Instant snapshotCreated;

	@Column(name = "snapshot_suspect")
	private String snapshotSuspect;

	@Column(name = "trigger_kind", nullable = false)
	private String trigger;

	@Column(name = "scheduled_for")
	private Instant scheduledFor;

	@Column(name = "requested_by", nullable = false)
	private String requestedBy;

	@Column(name = "started_at", nullable = false)
	private Instant startedAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	@Column(nullable = false)
	private String status;

	@Column(name = "restore_millis")
	private Long restoreMillis;

	@Column(name = "recovery_millis")
	private Long recoveryMillis;

	private String error;

	@Column(name = "report_number")
	private String reportNumber;

	@OneToMany(cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@JoinColumn(name = "run_id", nullable = false)
	@OrderBy("position")
	private List<DrillStep> steps = new ArrayList<>();

	protected DrillRun() {
	}

	DrillRun(String appId, SnapshotView snapshot, String trigger, Instant scheduledFor, String requestedBy, Instant now) {
		this.appId = appId;
		this.snapshotId = snapshot.id();
		this.snapshotName = snapshot.name();
		this.snapshotCreated = snapshot.createdAt();
		this.snapshotSuspect = snapshot.suspicious()
				? clip(String.join("; ", snapshot.suspect().stream().map((f) -> f.text(java.util.Locale.ENGLISH)).toList()))
				: null;
		this.trigger = trigger;
		this.scheduledFor = scheduledFor;
		this.requestedBy = requestedBy;
		this.startedAt = now;
		this.status = DrillRunView.RUNNING;
	}

	Long getId() {
		return this.id;
	}

	DrillRunView toView() {
		return new DrillRunView(this.id, this.appId, this.snapshotId, this.snapshotName, this.snapshotCreated,
				this.snapshotSuspect, this.trigger, this.requestedBy, this.startedAt, this.finishedAt, this.status,
				(this.restoreMillis != null) ? Duration.ofMillis(this.restoreMillis) : null, this.error, this.reportNumber,
				this.steps.stream().map(DrillStep::toView).toList());
	}

	void finish(DrillResult result, String reportNumber, Instant now) {
		this.status = result.succeeded() ? DrillRunView.PASSED : DrillRunView.FAILED;
		this.error = clip(result.error());
		this.finishedAt = now;
		this.reportNumber = reportNumber;
		this.restoreMillis = (result.restoreTime() != null) ? result.restoreTime().toMillis() : null;
		this.recoveryMillis = this.restoreMillis;
		int position = 1;
		this.steps.clear();
		for (DrillResult.Step step : result.steps()) {
			this.steps.add(new DrillStep(position++, step));
		}
	}

	void interrupted(String why, Instant now) {
		this.status = DrillRunView.FAILED;
		this.error = why;
		this.finishedAt = now;
	}

	static String clip(String text) {
		return (text != null && text.length() > 4000) ? text.substring(0, 3999) + "…" : text;
	}

}
