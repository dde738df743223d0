package dev.mamori.backup.offsite;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where an app's restore points live: the local destination and each of the app's targets, with how
 * many good copies each holds and how fresh the newest is.
 *
 * @param appId the app
 * @param copies how many places (the local destination and the targets) hold at least one good copy
 * @param offsite how many of those are targets
 * @param newestOffsite when the backup of the newest good off-site copy was taken, or {@code null}
 * @param places the local destination first, then each target in the order the app declares them
 */
public record CopySummary(String appId, int copies, int offsite, Instant newestOffsite, List<Place> places) {

	/**
	 * @return whether a target's newest good copy is older than its {@code max-age}
	 */
	public boolean stale() {
		return this.places.stream().anyMatch(Place::stale);
	}

	/**
	 * @return the targets whose newest good copy is older than their {@code max-age}
	 */
	public List<String> staleTargets() {
		return this.places.stream().filter(Place::stale).map(Place::where).toList();
	}

	/**
	 * @return whether the app copies anything off-site
	 */
	public boolean hasTargets() {
		return this.places.size() > 1;
	}

	/**
	 * One place an app's restore points are kept.
	 * @param where {@value CopyService.Location#LOCAL} or the target's id
	 * @param location the destination's path, or the target's address
	 * @param good how many good copies it holds (locally: archives on the drive that are not corrupt)
	 * @param pending copies on their way (pending, waiting for the window, uploading, retrying)
	 * @param failed copies that failed after all their retries (and were not copied since)
	 * @param newest when the backup of its newest good copy was taken, or {@code null}
	 * @param maxAge the copy's {@code max-age}, or {@code null}
	 * @param stale whether the newest good copy is older than {@code max-age} (or there has been none for
	 * that long since Mamori started)
	 */
	public record Place(String where, String location, int good, int pending, int failed, Instant newest,
			Duration maxAge, boolean stale) {

		/**
		 * @return whether this is the local destination
		 */
		public boolean local() {
			return CopyService.Location.LOCAL.equals(this.where);
		}

	}

}
