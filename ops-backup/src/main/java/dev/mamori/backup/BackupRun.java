package dev.mamori.backup;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "backup_run")
class BackupRun {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "app_id", nullable = false)
	private String appId;

	@Column(name = "trigger_type", nullable = false)
	private String trigger;

	@Column(name = "scheduled_for")
	private Instant scheduledFor;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private RunStatus status;

	@Column(name = "requested_by", nullable = false)
	private String requestedBy;

	@Column(nullable = false)
	private String owner;

	@Column(name = "started_at", nullable = false)
	private Instant startedAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	@Column(name = "heartbeat_at", nullable = false)
	private Instant heartbeatAt;

	@Column(name = "bytes_done", nullable = false)
	private long bytesDone;

	@Column(name = "bytes_expected", nullable = false)
	private long bytesExpected;

	@Column(name = "snapshot_id")
	private Long snapshotId;

	private String error;

	protected BackupRun() {
	}

	BackupRun(String appId, String trigger, Instant scheduledFor, String requestedBy, String owner, Instant now) {
		this.appId = appId;
		this.trigger = trigger;
		this.scheduledFor = scheduledFor;
		this.status = RunStatus.RUNNING;
		this.requestedBy = requestedBy;
		this.owner = owner;
		this.startedAt = now;
		this.heartbeatAt = now;
	}

	BackupRunView toView() {
		return new BackupRunView(this.id, this.appId, this.trigger, this.scheduledFor, this.status, this.requestedBy,
				this.startedAt, this.finishedAt, this.bytesDone, this.bytesExpected, this.snapshotId, this.error);
	}

	Long getId() {
		return this.id;
	}

	String getAppId() {
		return this.appId;
	}

	String getOwner() {
		return this.owner;
	}

	Instant getHeartbeatAt() {
		return this.heartbeatAt;
	}

	RunStatus getStatus() {
		return this.status;
	}

	Instant getStartedAt() {
		return this.startedAt;
	}

	void succeeded(long snapshotId, long bytesDone, Instant now) {
		this.status = RunStatus.SUCCEEDED;
		this.snapshotId = snapshotId;
		this.bytesDone = bytesDone;
		this.finishedAt = now;
		this.heartbeatAt = now;
	}

	void failed(String error, Long snapshotId, Instant now) {
		this.status = RunStatus.FAILED;
		this.error = (error != null && error.length() > 4000) ? error.substring(0, 4000) : error;
		this.snapshotId = snapshotId;
		this.finishedAt = now;
		this.heartbeatAt = now;
	}

	void expected(long bytes) {
		this.bytesExpected = bytes;
	}

}
