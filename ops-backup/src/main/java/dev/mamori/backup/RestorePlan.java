package dev.mamori.backup;

import java.util.List;

/**
 * What a restore would do, changing nothing: the dry run.
 *
 * @param appId the app
 * @param snapshot the snapshot to restore
 * @param sources per source, what is replaced
 * @param stopCommand the command that stops the app, as argv, or empty when none is declared
 * @param startCommand the command that starts the app, as argv, or empty
 * @param healthUrl the URL checked afterwards, or {@code null}
 * @param safetySnapshot what is saved first
 * @param warnings what deserves a second look before going on, as English sentences; empty when none
 */
public record RestorePlan(String appId, SnapshotView snapshot, List<SourcePlan> sources, List<String> stopCommand,
		List<String> startCommand, String healthUrl, String safetySnapshot, List<String> warnings) {

	/**
	 * @param id source id
	 * @param type source type
	 * @param target what is replaced (path, or database without credentials)
	 * @param action what happens to it, in English
	 * @param actionCode what happens to it, as a code the UI puts into words: {@code sqlite-swap},
	 * {@code directory-swap}, {@code file-swap}, {@code postgres-rename} or {@code postgres-transaction}
	 * @param currentBytes its size now, or -1 when it does not exist
	 * @param snapshotBytes its size in the snapshot
	 */
	public record SourcePlan(String id, String type, String target, String action, String actionCode, long currentBytes,
			long snapshotBytes) {
	}

}
