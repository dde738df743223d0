package dev.mamori.monitor;

/** Where a monitor stands. */
public enum MonitorState {

	/** Not yet known, or failing but below the failure threshold. */
	PENDING,

	/** Nothing to judge yet (a backup-freshness monitor before the first backup was due): neutral. */
	WAITING,

	/** Healthy. */
	UP,

	/** Failed the failure threshold in a row; an incident is open. */
	DOWN,

	/** Paused by an operator: not checked. */
	PAUSED,

	/** Inside a maintenance window: checked, but no incident and no notification. */
	MAINTENANCE

}
