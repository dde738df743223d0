package dev.mamori.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.mamori.backup.anomaly.Finding;
import dev.mamori.backup.archive.Manifest;

/**
 * A snapshot as the API, UI and other modules see it.
 *
 * @param id catalog id
 * @param appId the app
 * @param name archive file name
 * @param destination directory it is in
 * @param createdAt when the backup started
 * @param sizeBytes archive size
 * @param sha256 archive SHA-256
 * @param status how far it can be trusted
 * @param verifiedAt when it was last verified
 * @param verifyMessage what verification found wrong, if anything
 * @param tags labels such as {@code pre-restore}
 * @param runId the run that wrote it, when known
 * @param sources the manifest's sources: ids, types, locations, row counts
 * @param suspect why the backup looks wrong against the recent ones (a table emptied, files gone);
 * empty when it does not. A suspect snapshot is kept and can be restored, but never counts as good for
 * retention.
 */
public record SnapshotView(long id, String appId, String name, String destination, Instant createdAt, long sizeBytes,
		String sha256, SnapshotStatus status, Instant verifiedAt, String verifyMessage, List<String> tags, Long runId,
		List<Manifest.SourceInfo> sources, List<Finding> suspect) {

	/**
	 * @return whether anomaly detection marked it suspect
	 */
	public boolean suspicious() {
		return !this.suspect.isEmpty();
	}

	/**
	 * @return the archive file
	 */
	public Path archive() {
		return Path.of(this.destination).resolve(this.name);
	}

}
