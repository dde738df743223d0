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
	 * @param monitors the monitors attached to the app
	 * @param openIncidents open incidents of its monitors
	 * @param everBackedUp whether the app has a restorable snapshot
	 * @param backupFailed whether its newest backup run failed
	 * @param backupStale whether its newest restorable snapshot is older than {@code mamori.backup.stale-after}
	 * @return the app's status, counting its DOWN monitors and those still PENDING (a paused one is
	 * not deciding anything)
	 */
	public static AppStatus of(Collection<MonitorView> monitors, long openIncidents, boolean everBackedUp,
			boolean backupFailed, boolean backupStale) {
		long down = monitors.stream().filter((m) -> m.state() == MonitorState.DOWN).count();
		long pending = monitors.stream().filter((m) -> m.state() == MonitorState.PENDING && !m.paused()).count();
		return of(down, openIncidents, pending, everBackedUp, backupFailed, backupStale);
	}

	/**
	 * @param monitors the monitors attached to the app
	 * @return what its monitors say together, as the dashboard card shows it
	 */
	public Health health(Collection<MonitorView> monitors) {
		if (monitors.isEmpty()) {
			return Health.NONE;
		}
		if (monitors.stream().anyMatch((m) -> m.state() == MonitorState.DOWN)) {
			return Health.DOWN;
		}
		if (monitors.stream()
			.allMatch((m) -> m.state() == MonitorState.UP || m.paused() || m.state() == MonitorState.MAINTENANCE)) {
			return Health.UP;
		}
		// Still deciding; when nothing else is known, that is its backup-freshness monitor waiting for
		// the first backup: not "checking".
		return (this == NEUTRAL) ? Health.WAITING : Health.PENDING;
	}

	/**
	 * @param apps the status of each app
	 * @return the worst of them; {@link #NEUTRAL} when every app is neutral or there is none
	 */
	public static AppStatus summary(Collection<AppStatus> apps) {
		return apps.contains(RED) ? RED : apps.contains(AMBER) ? AMBER : apps.contains(GREEN) ? GREEN : NEUTRAL;
	}

	/** What an app's monitors say together. */
	public enum Health {

		/** The app has no monitor. */
		NONE,

		/** At least one monitor is DOWN. */
		DOWN,

		/** Every monitor is UP, paused or in maintenance. */
		UP,

		/** A monitor is still deciding. */
		PENDING,

		/** A monitor waits for the first backup, and nothing else is known yet. */
		WAITING

	}

	/**
	 * @return the name the pages use as a class and a message key suffix, such as {@code amber}
	 */
	public String color() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
