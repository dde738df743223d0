package dev.mamori.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.mamori.backup.archive.Manifest;

/**
 * Where a restore gets an archive that is no longer on the local destination (deleted, lost, or pruned
 * there by retention): a verified copy on one of the app's off-site targets (implemented by the off-site
 * module, which depends on this one).
 */
public interface OffsiteArchives {

	/**
	 * Downloads a good copy of an archive, with its sidecars, verified against the catalog's SHA-256,
	 * from the first of the app's targets (in declared order) that holds one.
	 * @param appId the app
	 * @param snapshotName the archive's name
	 * @param directory an empty staging directory
	 * @return the archive, or empty when no target holds a good copy
	 * @throws IOException when every target holding one failed
	 */
	Optional<Fetched> fetch(String appId, String snapshotName, Path directory) throws IOException;

	/**
	 * Downloads a good copy of an archive from one target, verified against the catalog's SHA-256.
	 * @param appId the app
	 * @param snapshotName the archive's name
	 * @param target the target's id
	 * @param directory an empty staging directory
	 * @return the archive
	 * @throws IOException when the target holds no good copy or the download failed or was damaged
	 */
	Fetched fetch(String appId, String snapshotName, String target, Path directory) throws IOException;

	/**
	 * @param appId the app
	 * @return every good copy of the app's snapshots on its targets, newest snapshot first
	 */
	List<Held> held(String appId);

	/**
	 * An archive downloaded from a target.
	 * @param archive the downloaded archive in the staging directory
	 * @param target the target's id
	 * @param location where it was on the target
	 */
	record Fetched(Path archive, String target, String location) {
	}

	/**
	 * A good (uploaded and verified) copy of a snapshot on a target.
	 * @param snapshotName the archive's name
	 * @param createdAt when the backup started
	 * @param sizeBytes the archive's size
	 * @param sha256 the archive's SHA-256
	 * @param tags the snapshot's labels
	 * @param sources the manifest's sources, or empty when the copy was made before they were recorded
	 * @param target the target's id
	 * @param location where the archive is on the target
	 * @param verifiedAt when the copy was verified
	 */
	record Held(String snapshotName, Instant createdAt, long sizeBytes, String sha256, List<String> tags,
			List<Manifest.SourceInfo> sources, String target, String location, Instant verifiedAt) {
	}

}
