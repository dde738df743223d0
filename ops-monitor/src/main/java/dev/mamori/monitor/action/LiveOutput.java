package dev.mamori.monitor.action;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The output of a running action: a ring of its last bytes, so a command printing 50 MB holds no
 * more than its output limit in memory, read by offsets so a page can follow it.
 */
final class LiveOutput {

	private final byte[] ring;

	private long total;

	private boolean closed;

	LiveOutput(int limit) {
		this.ring = new byte[limit];
	}

	synchronized void write(byte[] buffer, int length) {
		for (int i = 0; i < length; i++) {
			this.ring[(int) (this.total++ % this.ring.length)] = buffer[i];
		}
	}

	synchronized void close() {
		this.closed = true;
	}

	synchronized long total() {
		return this.total;
	}

	/**
	 * @return whether the beginning of the output no longer fits
	 */
	synchronized boolean cut() {
		return this.total > this.ring.length;
	}

	/**
	 * @return the kept end of the output as text, starting at a whole character
	 */
	synchronized String text() {
		return chunk(0).text();
	}

	/**
	 * What arrived from an offset on. While the command runs, only whole lines are returned, so a
	 * character split between two reads is never shown broken.
	 * @param from the offset the reader has seen up to
	 * @return the text, the next offset, and whether bytes before it were dropped
	 */
	synchronized Chunk chunk(long from) {
		long first = Math.max(0, this.total - this.ring.length);
		long start = Math.max(from, first);
		int size = (int) Math.max(0, this.total - start);
		byte[] out = new byte[size];
		for (int i = 0; i < size; i++) {
			out[i] = this.ring[(int) ((start + i) % this.ring.length)];
		}
		int skip = 0;
		if (start > from || (from == 0 && first > 0)) {
			// Dropped bytes: start at the next whole UTF-8 character.
			while (skip < size && (out[skip] & 0xC0) == 0x80) {
				skip++;
			}
		}
		int end = size;
		if (!this.closed) {
			int lastNewline = -1;
			for (int i = size - 1; i >= skip; i--) {
				if (out[i] == '\n') {
					lastNewline = i;
					break;
				}
			}
			end = (lastNewline >= 0) ? lastNewline + 1 : skip;
		}
		String text = new String(Arrays.copyOfRange(out, skip, Math.max(skip, end)), StandardCharsets.UTF_8);
		return new Chunk(text, start + Math.max(skip, end), start > from || (from == 0 && first > 0));
	}

	/**
	 * @param text the text
	 * @param next the offset to ask from next time
	 * @param skipped whether output between the reader's offset and this text was dropped
	 */
	record Chunk(String text, long next, boolean skipped) {
	}

}
