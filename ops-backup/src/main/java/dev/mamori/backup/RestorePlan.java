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
 * @param safetySnapshot what happens to the data that is replaced
 * @param warnings what a person should know before confirming (unverified snapshot, ...)
 * @param from where the archive is read from: {@code local} (the destination), or the id of the target
 * its copy is downloaded from into staging, and verified, before anything else
 * @param fromLocation the archive's path on the destination, or its location on the target
 */
public record RestorePlan(String appId, SnapshotView snapshot, List<SourcePlan> sources, List<String> stopCommand,
		List<String> startCommand, String healthUrl, String safetySnapshot, List<String> warnings, String from,
		String fromLocation) {

	/**
	 * @param id source id
	 * @param type source type
	 * @param target what is replaced (path, or database without credentials)
	 * @param action what happens to it
	 * @param actionCode the same as a code for translations: sqlite-swap, directory-swap, file-swap,
	 * postgres-rename, postgres-transaction
	 * @param currentBytes its size now, or -1 when it does not exist
	 * @param snapshotBytes its size in the snapshot
	 */
	public record SourcePlan(String id, String type, String target, String action, String actionCode, long currentBytes,
			long snapshotBytes) {
	}

}
