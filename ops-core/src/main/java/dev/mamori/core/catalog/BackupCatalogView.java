package dev.mamori.core.catalog;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What other modules may read of the backup catalog without depending on the backup module: the
 * declared apps and when each last had a good snapshot. Monitoring uses it for backup freshness.
 */
public interface BackupCatalogView {

	/**
	 * @return the ids of the declared apps
	 */
	Set<String> appIds();

	/**
	 * @param appId an app id
	 * @return the display name of the app, or the id
	 */
	String appName(String appId);

	/**
	 * @param appId an app id
	 * @return when its newest verified ({@code GOOD}) snapshot was taken, if it has one
	 */
	Optional<Instant> newestGoodSnapshotAt(String appId);

}
