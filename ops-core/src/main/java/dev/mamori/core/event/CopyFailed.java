package dev.mamori.core.event;

import java.time.Instant;

/**
 * An off-site copy failed and its retries are exhausted; the local snapshot is untouched.
 *
 * @param appId the app
 * @param snapshotName the archive that was not copied
 * @param target the target's id
 * @param error what went wrong last, in one sentence
 * @param attempts how many attempts were made
 * @param failedAt when the last attempt failed
 */
public record CopyFailed(String appId, String snapshotName, String target, String error, int attempts,
		Instant failedAt) {
}
