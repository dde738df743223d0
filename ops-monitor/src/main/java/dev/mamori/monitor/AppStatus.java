package dev.mamori.monitor;

import java.util.Collection;

/**
 * How an app, and the whole installation, looks at a glance: the dashboard's colours as a rule the
 * web only shows.
 */
public enum AppStatus {

	/** Nothing known yet: no backup has run and no monitor has a verdict. Nothing to do. */
	NEUTRAL,

	/** Monitored and backed up. */
	GREEN,

	/** Worth a look: no recent good backup, a failed backup or a monitor still deciding. */
	AMBER,

	/** Down, or an incident is open. */
	RED;

	/**
	 * @param monitorsDown monitors of the app that are DOWN
	 * @param openIncidents open incidents of its monitors
	 * @param monitorsPending monitors of the app still PENDING
	 * @param everBackedUp whether the app has a restorable snapshot
	 * @param backupFailed whether its newest backup run failed
	 * @param backupStale whether its newest restorable snapshot is older than two days
	 * @return the app's status; an app that never had a backup, none failed and nothing is down waits
	 * for its first backup: neutral, not amber
	 */
	public static AppStatus of(long monitorsDown, long openIncidents, long monitorsPending, boolean everBackedUp,
			boolean backupFailed, boolean backupStale) {
		if (monitorsDown > 0 || openIncidents > 0) {
			return RED;
		}
		if (!everBackedUp && !backupFailed) {
			return NEUTRAL;
		}
		return (backupFailed || backupStale || monitorsPending > 0) ? AMBER : GREEN;
	}

	/**
	 * @param apps the status of each app
	 * @return the worst of them; {@link #NEUTRAL} when every app is neutral or there is none
	 */
	public static AppStatus summary(Collection<AppStatus> apps) {
		return apps.contains(RED) ? RED : apps.contains(AMBER) ? AMBER : apps.contains(GREEN) ? GREEN : NEUTRAL;
	}

	/**
	 * @return the name the pages use as a class and a message key suffix, such as {@code amber}
	 */
	public String color() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
