package dev.mamori.core.event;

import java.time.Instant;
import java.util.List;

/**
 * A backup finished, but its data dropped sharply against the app's recent backups (a table emptied,
 * files gone, a far smaller archive): it is kept and marked suspect, and never counts as good for
 * retention.
 *
 * @param appId the app
 * @param snapshotName the archive's file name
 * @param reasons why, one line each, in English
 * @param reasonsJa the same in Japanese
 * @param at when it was found
 */
public record BackupSuspect(String appId, String snapshotName, List<String> reasons, List<String> reasonsJa,
		Instant at) {
}
