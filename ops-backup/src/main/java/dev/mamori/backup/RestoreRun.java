package dev.mamori.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.backup.restore.RestoreStatus;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

@Entity
@Table(name = "restore_run")
class RestoreRun {

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

	@Column(nullable = false)
	private String sources;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private RestoreStatus status;

	@Column(name = "requested_by", nullable = false)
	private String requestedBy;

	@Column(name = "requested_at", nullable = false)
	private Instant requestedAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	@Column(name = "rto_millis")
	private Long rtoMillis;

	@Column(name = "rpo_millis", nullable = false)
	private long rpoMillis;

	@Column(name = "safety_snapshot_id")
	private Long safetySnapshotId;

	private String error;

	@Column(name = "report_number")
	private String reportNumber;

	@Column(name = "health_before")
	private String healthBefore;

	@Column(name = "pre_restore_archive")
	private String preRestoreArchive;

	@Column(name = "outage_millis")
	private Long outageMillis;

	@OneToMany(cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@JoinColumn(name = "run_id", nullable = false)
	@OrderBy("position")
	private List<RestoreStep> steps = new ArrayList<>();

	protected RestoreRun() {
	}

	RestoreRun(String appId, SnapshotView snapshot, List<String> sources, String requestedBy, Instant requestedAt) {
		this.appId = appId;
		this.snapshotId = snapshot.id();
		this.snapshotName = snapshot.name();
		this.snapshotCreated = snapshot.createdAt();
		this.sources = String.join(",", sources);
		this.status = RestoreStatus.RUNNING;
		this.requestedBy = requestedBy;
		this.requestedAt = requestedAt;
		this.rpoMillis = Duration.between(snapshot.createdAt(), requestedAt).toMillis();
	}

	RestoreRunView toView() {
		return new RestoreRunView(this.id, this.appId, this.snapshotId, this.snapshotName, this.snapshotCreated,
				List.of(this.sources.split(",")), this.status, this.requestedBy, this.requestedAt, this.finishedAt,
				(this.rtoMillis != null) ? Duration.ofMillis(this.rtoMillis) : null, Duration.ofMillis(this.rpoMillis),
				this.safetySnapshotId, this.error, this.steps.stream().map(RestoreStep::toView).toList(), this.reportNumber,
				this.healthBefore, this.preRestoreArchive, (this.outageMillis != null) ? Duration.ofMillis(this.outageMillis) : null);
	}

	Long getId() {
		return this.id;
	}

	RestoreStep begin(String name, Instant now) {
		RestoreStep step = new RestoreStep(this.steps.size() + 1, name, now);
		this.steps.add(step);
		return step;
	}

	RestoreStep step(int position) {
		return this.steps.get(position - 1);
	}

	void safetySnapshot(Long id) {
		this.safetySnapshotId = id;
	}

	void reportNumber(String number) {
		this.reportNumber = number;
	}

	void healthBefore(String health) {
		this.healthBefore = (health != null && health.length() > 500) ? health.substring(0, 500) : health;
	}

	void preRestoreArchive(String name, Long snapshotId) {
		this.preRestoreArchive = name;
		this.safetySnapshotId = snapshotId;
	}

	void outage(Duration outage) {
		this.outageMillis = (outage != null) ? outage.toMillis() : null;
	}

	/**
	 * Ends the steps a crash left running.
	 * @param outcome how they end
	 * @param message why
	 * @param now when
	 */
	void closeOpenSteps(String outcome, String message, Instant now) {
		for (RestoreStep step : this.steps) {
			if (step.running()) {
				step.end(outcome, message, now);
			}
		}
	}

	void finish(RestoreStatus status, String error, Instant now, boolean healthy) {
		closeOpenSteps("FAILED", "interrupted: Mamori stopped during this step", now);
		this.status = status;
		this.error = (error != null && error.length() > 4000) ? error.substring(0, 4000) : error;
		this.finishedAt = now;
		if (healthy) {
			this.rtoMillis = Duration.between(this.requestedAt, now).toMillis();
		}
	}

}
