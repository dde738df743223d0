package dev.mamori.backup.age;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import javax.crypto.Cipher;

/**
 * Encrypts to age v1 while streaming: the header (one X25519 stanza per recipient and the header MAC)
 * is written at once, then the payload nonce, then the data in 64 KiB ChaCha20-Poly1305 chunks, the
 * last one flagged. A full chunk is held back until more data comes or the stream is closed, so the
 * last chunk is always flagged even when the data ends on a chunk boundary. {@link #close()} writes the
 * last chunk and closes the stream below.
 */
public final class AgeOutputStream extends FilterOutputStream {

	static final int CHUNK = 64 * 1024;

	private final byte[] payloadKey;

	private final byte[] buffer = new byte[CHUNK];

	private final Cipher cipher = AgeCrypto.chacha();

	private final AgeFileKey fileKey;

	private int filled;

	private long counter;

	private boolean closed;

	/**
	 * Writes the header and the payload nonce.
	 * @param out where the age file goes
	 * @param recipients who can open it, at least one
	 */
	public AgeOutputStream(OutputStream out, List<AgeRecipient> recipients) throws IOException {
		super(out);
		if (recipients.isEmpty()) {
			throw new IllegalArgumentException("an age file needs at least one recipient");
		}
		byte[] key = AgeCrypto.random(16);
		this.fileKey = new AgeFileKey(key);
		out.write(AgeHeader.write(key, recipients));
		byte[] nonce = AgeCrypto.random(16);
		out.write(nonce);
		this.payloadKey = AgeCrypto.hkdf(key, nonce, "payload");
		AgeCrypto.wipe(key);
	}

	/**
	 * @return this file's key, to read the file back in this process without an identity
	 */
	public AgeFileKey fileKey() {
		return this.fileKey;
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		if (this.closed) {
			throw new IOException("the age stream is closed");
		}
		while (len > 0) {
			if (this.filled == CHUNK) {
				// More data follows, so the held chunk is not the last.
				chunk(false);
			}
			int n = Math.min(len, CHUNK - this.filled);
			System.arraycopy(b, off, this.buffer, this.filled, n);
			this.filled += n;
			off += n;
			len -= n;
		}
	}

	@Override
	public void flush() throws IOException {
		this.out.flush();
	}

	@Override
	public void close() throws IOException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			chunk(true);
			this.out.flush();
		}
		finally {
			AgeCrypto.wipe(this.payloadKey);
			this.out.close();
		}
	}

	private void chunk(boolean last) throws IOException {
		byte[] sealed = AgeCrypto.seal(this.cipher, this.payloadKey, nonce(this.counter, last), this.buffer, 0,
				this.filled);
		this.out.write(sealed);
		this.counter++;
		this.filled = 0;
	}

	static byte[] nonce(long counter, boolean last) {
		byte[] nonce = new byte[12];
		for (int i = 10; i >= 3; i--) {
			nonce[i] = (byte) counter;
			counter >>>= 8;
		}
		nonce[11] = (byte) (last ? 1 : 0);
		return nonce;
	}

}
