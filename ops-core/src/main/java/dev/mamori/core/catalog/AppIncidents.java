package dev.mamori.core.catalog;

import java.time.Instant;
import java.util.Optional;

/**
 * What the backup module may read of monitoring without depending on it: whether an app is in an
 * open incident, so a restore's report can show the outage (incident opened to healthy) beside the
 * restore's own duration.
 */
public interface AppIncidents {

	/**
	 * @param appId an app id
	 * @return when the oldest incident of the app's monitors that is still open was opened
	 */
	Optional<Instant> openSince(String appId);

}
