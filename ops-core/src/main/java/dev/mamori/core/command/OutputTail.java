package dev.mamori.core.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a process's output on its own daemon thread and keeps only its last bytes, so a chatty command
 * cannot fill memory: the named commands' runner and the command log sources both use it.
 */
public final class OutputTail extends Thread {

	private final InputStream in;

	private final byte[] ring;

	private long total;

	/**
	 * @param in the process's output
	 * @param keep how many of the last bytes to keep
	 */
	public OutputTail(InputStream in, int keep) {
		this.in = in;
		this.ring = new byte[keep];
		setDaemon(true);
	}

	@Override
	public void run() {
		byte[] buffer = new byte[8192];
		try (this.in) {
			int n;
			while ((n = this.in.read(buffer)) >= 0) {
				synchronized (this) {
					for (int i = 0; i < n; i++) {
						this.ring[(int) (this.total++ % this.ring.length)] = buffer[i];
					}
				}
			}
		}
		catch (IOException ex) {
			// The process ended or was killed; what was read is kept.
		}
	}

	/**
	 * @return whether more was written than is kept
	 */
	public synchronized boolean cut() {
		return this.total > this.ring.length;
	}

	/**
	 * @return the last bytes kept, as UTF-8 text
	 */
	public synchronized String text() {
		int size = (int) Math.min(this.total, this.ring.length);
		byte[] out = new byte[size];
		long from = this.total - size;
		for (int i = 0; i < size; i++) {
			out[i] = this.ring[(int) ((from + i) % this.ring.length)];
		}
		return new String(out, StandardCharsets.UTF_8);
	}

}
