package dev.mamori.backup.offsite;

import java.time.Instant;
import java.util.List;

/**
 * One copy of an archive on one target, as the API, UI and other modules see it.
 *
 * @param id catalog id
 * @param appId the app
 * @param snapshotName the archive's name
 * @param snapshotCreatedAt when the backup started
 * @param target the target's id
 * @param location where the archive is on the target, such as {@code s3://bucket/prefix/ecm/ecm_....tar.zst}
 * @param state where the copy stands
 * @param sizeBytes the archive's size
 * @param sha256 the archive's SHA-256
 * @param tags the snapshot's labels
 * @param attempts upload attempts so far
 * @param lastError what the last failed attempt said
 * @param updatedAt when the state last changed
 * @param verifiedAt when the copy was verified
 */
public record CopyView(long id, String appId, String snapshotName, Instant snapshotCreatedAt, String target,
		String location, CopyState state, long sizeBytes, String sha256, List<String> tags, int attempts,
		String lastError, Instant updatedAt, Instant verifiedAt) {
}
