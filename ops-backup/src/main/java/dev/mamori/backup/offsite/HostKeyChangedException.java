package dev.mamori.backup.offsite;

import java.io.IOException;

/**
 * An SFTP server showed a host key other than the pinned one: the connection is refused before any
 * login, since it may not be the server the copies belong on.
 */
public class HostKeyChangedException extends IOException {

	private static final long serialVersionUID = 1L;

	private final String expected;

	private final String presented;

	HostKeyChangedException(String target, String server, String expected, String presented) {
		super("host key of " + server + " changed: expected " + expected + " (mamori.targets." + target
				+ ".host-key), the server showed " + presented
				+ "; refusing to connect. If the server's key was replaced on purpose, put the new fingerprint in the configuration.");
		this.expected = expected;
		this.presented = presented;
	}

	/**
	 * @return the pinned fingerprint
	 */
	public String expected() {
		return this.expected;
	}

	/**
	 * @return the fingerprint the server showed
	 */
	public String presented() {
		return this.presented;
	}

}
