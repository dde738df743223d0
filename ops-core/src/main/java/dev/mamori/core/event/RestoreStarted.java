package dev.mamori.core.event;

import java.time.Instant;

/**
 * A restore (or a drill) of an app began; the app's monitors stay quiet until the matching
 * {@link RestoreFinished} and a short grace period after it, and scheduled backups wait for it.
 *
 * @param appId the app
 * @param runId the restore run, or a negative number for a run outside the server (CLI)
 * @param live whether live data and the service are touched (false for a drill)
 * @param startedAt when it began
 */
public record RestoreStarted(String appId, long runId, boolean live, Instant startedAt) {
}
