package dev.mamori.backup.age;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.crypto.Cipher;

/**
 * Decrypts an age v1 file while streaming. The header is read and authenticated when the stream is
 * opened (so a wrong identity or an altered header fails at once, naming the file), then each 64 KiB
 * chunk is authenticated before a byte of it is returned. A file that ends before its last chunk, has
 * data after it, or has a chunk that fails authentication fails with an {@link AgeException} saying
 * which. The stream reads the file to its very end.
 */
public final class AgeInputStream extends FilterInputStream {

	private static final int SEALED = AgeOutputStream.CHUNK + 16;

	private final String what;

	private final byte[] payloadKey;

	private final Cipher cipher = AgeCrypto.chacha();

	private final byte[] sealed = new byte[SEALED];

	private byte[] plain = new byte[0];

	private int position;

	private long counter;

	private boolean last;

	/** A byte read ahead to learn whether a full chunk is the last one; -1 when none. */
	private int ahead = -1;

	/**
	 * Reads and authenticates the header.
	 * @param in the age file
	 * @param keys what may open it
	 * @param what the file's name for messages
	 * @throws NoMatchingIdentityException when no identity opens it, naming the identities tried
	 * @throws AgeException when it is not an age file, its header is malformed or fails its MAC, or it is
	 * truncated
	 */
	public AgeInputStream(InputStream in, AgeKeys keys, String what) throws IOException {
		super(in);
		this.what = what;
		byte[] fileKey = AgeHeader.read(in, keys, what);
		byte[] nonce = in.readNBytes(16);
		if (nonce.length < 16) {
			AgeCrypto.wipe(fileKey);
			throw new AgeException(what + " ends after its age header: it is truncated");
		}
		this.payloadKey = AgeCrypto.hkdf(fileKey, nonce, "payload");
		AgeCrypto.wipe(fileKey);
	}

	/**
	 * @param head the first bytes of a file
	 * @return whether they start like a (binary) age file
	 */
	public static boolean looksLikeAge(byte[] head) {
		byte[] version = (AgeHeader.VERSION + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		if (head.length < version.length) {
			return false;
		}
		return java.util.Arrays.equals(head, 0, version.length, version, 0, version.length);
	}

	/** How many bytes {@link #looksLikeAge(byte[])} needs. */
	public static final int MAGIC_LENGTH = AgeHeader.VERSION.length() + 1;

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return (n < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		while (this.position == this.plain.length) {
			if (this.last) {
				return -1;
			}
			next();
		}
		int n = Math.min(len, this.plain.length - this.position);
		System.arraycopy(this.plain, this.position, b, off, n);
		this.position += n;
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		long skipped = 0;
		byte[] scratch = new byte[8192];
		while (skipped < n) {
			int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
			if (r < 0) {
				break;
			}
			skipped += r;
		}
		return skipped;
	}

	@Override
	public int available() {
		return this.plain.length - this.position;
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	private void next() throws IOException {
		int n = 0;
		if (this.ahead >= 0) {
			this.sealed[n++] = (byte) this.ahead;
			this.ahead = -1;
		}
		n += this.in.readNBytes(this.sealed, n, SEALED - n);
		boolean end;
		if (n == SEALED) {
			this.ahead = this.in.read();
			end = this.ahead < 0;
		}
		else {
			end = true;
		}
		if (n == 0) {
			throw new AgeException(this.what + " is truncated: it has no age payload after its header");
		}
		if (n < 16) {
			throw new AgeException(this.what + " is truncated: chunk " + (this.counter + 1)
					+ " of its age payload is shorter than its authentication tag");
		}
		byte[] opened = AgeCrypto.open(this.cipher, this.payloadKey, AgeOutputStream.nonce(this.counter, end),
				this.sealed, 0, n);
		if (opened == null) {
			if (n == SEALED && AgeCrypto.open(this.cipher, this.payloadKey, AgeOutputStream.nonce(this.counter, !end),
					this.sealed, 0, n) != null) {
				throw new AgeException(end
						? this.what + " is truncated: it ends after chunk " + (this.counter + 1)
								+ " of its age payload, which is not the last"
						: this.what + " has data after the last chunk of its age payload");
			}
			throw new AgeException(this.what + " is corrupt: chunk " + (this.counter + 1)
					+ " of its age payload fails authentication (altered or truncated)");
		}
		if (end && opened.length == 0 && this.counter > 0) {
			throw new AgeException(this.what + " has an empty last chunk after others, which age never writes");
		}
		this.counter++;
		this.plain = opened;
		this.position = 0;
		this.last = end;
		if (end) {
			AgeCrypto.wipe(this.payloadKey);
		}
	}

}
