package dev.mamori.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A backup run finished and its snapshot is stored (and verified when the plan says so).
 *
 * @param appId the app
 * @param runId the run
 * @param snapshotName the archive's file name
 * @param sizeBytes the archive's size
 * @param verified whether every entry was re-read and checked
 * @param duration how long the run took
 * @param finishedAt when it finished
 */
public record BackupCompleted(String appId, long runId, String snapshotName, long sizeBytes, boolean verified,
		Duration duration, Instant finishedAt) {
}
