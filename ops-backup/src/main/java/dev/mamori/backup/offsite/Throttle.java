package dev.mamori.backup.offsite;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A bandwidth limit: callers that report the bytes they sent are slowed so that, since the start,
 * no more than {@code bytesPerSecond} on average pass.
 */
final class Throttle {

	/** No limit. */
	static final Throttle NONE = new Throttle(0);

	private final long bytesPerSecond;

	private final long start = System.nanoTime();

	private long sent;

	/**
	 * @param bytesPerSecond the limit, 0 for none
	 */
	Throttle(long bytesPerSecond) {
		this.bytesPerSecond = bytesPerSecond;
	}

	/**
	 * Waits as long as sending {@code n} more bytes now would exceed the limit.
	 * @param n bytes about to be sent
	 */
	synchronized void pace(long n) throws InterruptedIOException {
		if (this.bytesPerSecond <= 0) {
			return;
		}
		this.sent += n;
		long due = (long) (this.sent * 1_000_000_000.0 / this.bytesPerSecond);
		long wait = due - (System.nanoTime() - this.start);
		if (wait > 0) {
			try {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("upload interrupted");
			}
		}
	}

	/**
	 * @param in a stream being uploaded
	 * @return the stream, read no faster than the limit
	 */
	InputStream wrap(InputStream in) {
		if (this.bytesPerSecond <= 0) {
			return in;
		}
		return new FilterInputStream(in) {

			@Override
			public int read() throws IOException {
				int b = super.read();
				if (b >= 0) {
					pace(1);
				}
				return b;
			}

			@Override
			public int read(byte[] buffer, int off, int len) throws IOException {
				int n = super.read(buffer, off, Math.min(len, 64 * 1024));
				if (n > 0) {
					pace(n);
				}
				return n;
			}

		};
	}

}
