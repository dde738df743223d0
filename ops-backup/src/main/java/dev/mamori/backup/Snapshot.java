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

/**
 * A catalog row: a cache of what the archive's sidecar manifest says, rebuilt from the destination
 * when lost.
 */
@Entity
@Table(name = "snapshot")
class Snapshot {

	static final String SAFETY_TAG = "pre-restore";

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "app_id", nullable = false)
	private String appId;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String destination;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "size_bytes", nullable = false)
	private long sizeBytes;

	@Column(nullable = false)
	private String sha256;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private SnapshotStatus status;

	@Column(name = "verified_at")
	private Instant verifiedAt;

	@Column(name = "verify_message")
	private String verifyMessage;

	@Column(nullable = false)
	private String tags;

	@Column(name = "run_id")
	private Long runId;

	@Column(name = "sources_json", nullable = false)
	private String sourcesJson;

	@Column(name = "suspect_json")
	private String suspectJson;

	protected Snapshot() {
	}

	Snapshot(String appId, String name, String destination, Instant createdAt, long sizeBytes, String sha256,
			String tags, Long runId, String sourcesJson) {
		this.appId = appId;
		this.name = name;
		this.destination = destination;
		this.createdAt = createdAt;
		this.sizeBytes = sizeBytes;
		this.sha256 = sha256;
		this.status = SnapshotStatus.UNVERIFIED;
		this.tags = tags;
		this.runId = runId;
		this.sourcesJson = sourcesJson;
	}

	SnapshotView toView() {
		return new SnapshotView(this.id, this.appId, this.name, this.destination, this.createdAt, this.sizeBytes,
				this.sha256, this.status, this.verifiedAt, this.verifyMessage,
				this.tags.isEmpty() ? java.util.List.of() : java.util.List.of(this.tags.split(",")), this.runId,
				sources(this.sourcesJson), findings(this.suspectJson));
	}

	private static java.util.List<dev.mamori.backup.anomaly.Finding> findings(String text) {
		return (text == null) ? java.util.List.of()
				: java.util.List.of(json.readValue(text, dev.mamori.backup.anomaly.Finding[].class));
	}

	void suspect(String findingsJson) {
		this.suspectJson = findingsJson;
	}

	boolean isSuspect() {
		return this.suspectJson != null;
	}

	private static final tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder()
		.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static java.util.List<dev.mamori.backup.archive.Manifest.SourceInfo> sources(String text) {
		return java.util.List.of(json.readValue(text, dev.mamori.backup.archive.Manifest.SourceInfo[].class));
	}

	void verified(SnapshotStatus status, Instant at, String message) {
		this.status = status;
		this.verifiedAt = at;
		this.verifyMessage = (message != null && message.length() > 4000) ? message.substring(0, 4000) : message;
	}

	boolean isSafety() {
		return java.util.List.of(this.tags.split(",")).contains(SAFETY_TAG);
	}

	Long getId() {
		return this.id;
	}

	String getAppId() {
		return this.appId;
	}

	String getName() {
		return this.name;
	}

	String getDestination() {
		return this.destination;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	long getSizeBytes() {
		return this.sizeBytes;
	}

	SnapshotStatus getStatus() {
		return this.status;
	}

}
