package dev.mamori.backup;

import java.time.Instant;

/**
 * A backup run as the API and UI see it.
 *
 * @param id run id
 * @param appId the app
 * @param trigger MANUAL, SCHEDULE, CLI or PRE_RESTORE
 * @param scheduledFor the cron tick it ran for, when scheduled
 * @param status RUNNING, SUCCEEDED or FAILED
 * @param requestedBy who asked (a username, or system)
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param bytesDone bytes of source data written so far
 * @param bytesExpected bytes of source data expected in all (an estimate)
 * @param snapshotId the snapshot it wrote
 * @param error why it failed
 */
public record BackupRunView(long id, String appId, String trigger, Instant scheduledFor, RunStatus status,
		String requestedBy, Instant startedAt, Instant finishedAt, long bytesDone, long bytesExpected, Long snapshotId,
		String error) {
}
