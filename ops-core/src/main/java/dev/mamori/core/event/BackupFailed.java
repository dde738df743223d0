package dev.mamori.core.event;

import java.time.Instant;

/**
 * A backup run failed; no snapshot was listed for it.
 *
 * @param appId the app
 * @param runId the run
 * @param error what went wrong, in one sentence
 * @param failedAt when it failed
 */
public record BackupFailed(String appId, long runId, String error, Instant failedAt) {
}
