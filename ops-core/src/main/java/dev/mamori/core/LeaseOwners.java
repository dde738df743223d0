package dev.mamori.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/**
 * Who holds a lease or runs a job: {@code host:pid[:…]}. An owner on this host whose process is gone
 * (killed) holds nothing, whatever its lease says; the backup leases and monitoring's view of them
 * decide the same way.
 */
public final class LeaseOwners {

	private static final String HOST = host();

	/** This process as an owner prefix, {@code host:pid}. */
	public static final String THIS_PROCESS = HOST + ":" + ManagementFactory.getRuntimeMXBean().getPid();

	private LeaseOwners() {
	}

	/**
	 * @param owner an owner token, {@code host:pid[:…]}
	 * @return whether it names a process of this host that no longer runs
	 */
	public static boolean deadLocalProcess(String owner) {
		String[] parts = (owner != null) ? owner.split(":") : new String[0];
		if (parts.length < 2 || !parts[0].equals(HOST)) {
			return false;
		}
		try {
			return ProcessHandle.of(Long.parseLong(parts[1])).map((p) -> !p.isAlive()).orElse(true);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "localhost";
		}
	}

}
