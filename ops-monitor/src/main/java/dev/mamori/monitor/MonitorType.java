package dev.mamori.monitor;

/**
 * What a monitor checks. Types that touch the host ({@link #hostSide()}) can only be declared in
 * the configuration file.
 */
public enum MonitorType {

	/** An HTTP(S) request: status, body, JSON path, response time. */
	HTTP(false),

	/** A TCP connection to a host and port. */
	TCP(false),

	/** Days left on a TLS server certificate. */
	CERTIFICATE(false),

	/** A push URL that cron jobs call; down when no ping arrives in time. */
	HEARTBEAT(false),

	/** Used space of the file system holding a path. */
	DISK(true),

	/** Used memory of the machine. */
	MEMORY(true),

	/** A systemd unit is active, through a declared command such as {@code systemctl is-active ecm}. */
	SYSTEMD(true),

	/** A declared command exits with 0. */
	COMMAND(true),

	/** A database answers a validation query. */
	DATABASE(true),

	/** An app's newest good backup is younger than a limit. */
	BACKUP_FRESHNESS(true),

	/** Lines of a declared log source matching a pattern in a window stay at or below a threshold. */
	LOG(true);

	private final boolean hostSide;

	MonitorType(boolean hostSide) {
		this.hostSide = hostSide;
	}

	/**
	 * @return whether the check reads the host (paths, commands, databases), so it may only come
	 * from the configuration file
	 */
	public boolean hostSide() {
		return this.hostSide;
	}

}
