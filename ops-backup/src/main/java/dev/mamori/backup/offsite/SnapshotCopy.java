package dev.mamori.backup.offsite;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A catalog row for one copy of an archive on one target.
 */
@Entity
@Table(name = "snapshot_copy")
class SnapshotCopy {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "app_id", nullable = false)
	private String appId;

	@Column(name = "snapshot_name", nullable = false)
	private String snapshotName;

	@Column(name = "snapshot_created_at", nullable = false)
	private Instant snapshotCreatedAt;

	@Column(nullable = false)
	private String target;

	@Column(nullable = false)
	private String location;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private CopyState state;

	@Column(name = "size_bytes", nullable = false)
	private long sizeBytes;

	@Column(nullable = false)
	private String sha256;

	@Column(nullable = false)
	private String tags;

	@Column(nullable = false)
	private int attempts;

	@Column(name = "last_error")
	private String lastError;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "verified_at")
	private Instant verifiedAt;

	/** The manifest's sources as JSON, so a snapshot that is only off-site can be planned; null before V23. */
	@Column(name = "sources_json")
	private String sourcesJson;

	protected SnapshotCopy() {
	}

	SnapshotCopy(String appId, String snapshotName, Instant snapshotCreatedAt, String target, String location,
			long sizeBytes, String sha256, String tags, String sourcesJson, Instant now) {
		this.appId = appId;
		this.snapshotName = snapshotName;
		this.snapshotCreatedAt = snapshotCreatedAt;
		this.target = target;
		this.location = location;
		this.sizeBytes = sizeBytes;
		this.sha256 = sha256;
		this.tags = tags;
		this.sourcesJson = sourcesJson;
		this.state = CopyState.PENDING;
		this.updatedAt = now;
	}

	void state(CopyState state, String error, Instant now) {
		this.state = state;
		this.lastError = (error != null && error.length() > 4000) ? error.substring(0, 4000) : error;
		this.updatedAt = now;
		if (state == CopyState.GOOD) {
			this.verifiedAt = now;
			this.lastError = null;
		}
	}

	void attempt(Instant now) {
		this.attempts++;
		this.state = CopyState.UPLOADING;
		this.updatedAt = now;
	}

	void restart(Instant now) {
		this.attempts = 0;
		this.state = CopyState.PENDING;
		this.lastError = null;
		this.updatedAt = now;
	}

	Long getId() {
		return this.id;
	}

	String getAppId() {
		return this.appId;
	}

	String getSnapshotName() {
		return this.snapshotName;
	}

	String getTarget() {
		return this.target;
	}

	CopyState getState() {
		return this.state;
	}

	int getAttempts() {
		return this.attempts;
	}

	String getSourcesJson() {
		return this.sourcesJson;
	}

	CopyView toView() {
		return new CopyView(this.id, this.appId, this.snapshotName, this.snapshotCreatedAt, this.target, this.location,
				this.state, this.sizeBytes, this.sha256, java.util.Arrays.stream(this.tags.split(","))
					.filter((t) -> !t.isBlank())
					.toList(),
				this.attempts, this.lastError, this.updatedAt, this.verifiedAt);
	}

}
