package dev.mamori.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a restore gets an archive that is no longer on the local destination: a verified copy on
 * one of the app's off-site targets (implemented by the off-site module, which depends on this one).
 */
public interface OffsiteArchives {

	/**
	 * Downloads a good copy of an archive, with its sidecars, verified against the catalog's SHA-256.
	 * @param appId the app
	 * @param snapshotName the archive's name
	 * @param directory an empty staging directory
	 * @return the archive, or empty when no target holds a good copy
	 * @throws IOException when every target holding one failed
	 */
	Optional<Fetched> fetch(String appId, String snapshotName, Path directory) throws IOException;

	/**
	 * An archive downloaded from a target.
	 * @param archive the downloaded archive in the staging directory
	 * @param target the target's id
	 * @param location where it was on the target
	 */
	record Fetched(Path archive, String target, String location) {
	}

}
