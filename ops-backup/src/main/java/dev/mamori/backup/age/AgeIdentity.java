package dev.mamori.backup.age;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An X25519 identity: the private key that opens files encrypted to its recipient, written
 * {@code AGE-SECRET-KEY-1…}. {@link #toString()} never shows the key.
 */
public final class AgeIdentity {

	static final String HRP = "age-secret-key-";

	private final byte[] secret;

	private final AgeRecipient recipient;

	private final String origin;

	private AgeIdentity(byte[] secret, String origin) {
		this.secret = secret.clone();
		try {
			this.recipient = new AgeRecipient(AgeCrypto.x25519(this.secret, AgeCrypto.BASE_POINT));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("is not a usable X25519 key", ex);
		}
		this.origin = origin;
	}

	/**
	 * @return a new random identity
	 */
	public static AgeIdentity generate() {
		return new AgeIdentity(AgeCrypto.random(32), "generated");
	}

	/**
	 * @param text an {@code AGE-SECRET-KEY-1…} line
	 * @param origin where it came from, for messages (a file name)
	 * @return the identity
	 * @throws IllegalArgumentException saying what is wrong (never showing the key)
	 */
	public static AgeIdentity parse(String text, String origin) {
		String trimmed = (text != null) ? text.strip() : "";
		if (!trimmed.toUpperCase(Locale.ROOT).startsWith("AGE-SECRET-KEY-1")) {
			throw new IllegalArgumentException("is not an age X25519 identity: it must start with 'AGE-SECRET-KEY-1'");
		}
		byte[] key;
		try {
			key = Bech32.decode(trimmed, HRP);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("is not a valid age identity: it " + ex.getMessage());
		}
		if (key.length != 32) {
			throw new IllegalArgumentException("is not a valid age identity: it holds " + key.length
					+ " bytes, an X25519 key has 32");
		}
		return new AgeIdentity(key, origin);
	}

	/**
	 * Reads an identity file as {@code age-keygen} writes it: one {@code AGE-SECRET-KEY-1…} per line,
	 * {@code #} comments and blank lines ignored.
	 * @param file the file
	 * @return its identities, at least one
	 * @throws IOException when it cannot be read or holds no valid identity; the message names the file
	 * and line, never the key
	 */
	public static List<AgeIdentity> read(Path file) throws IOException {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IOException("cannot read the age identity file " + file + ": " + ex, ex);
		}
		List<AgeIdentity> identities = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			try {
				identities.add(parse(line, file.toString()));
			}
			catch (IllegalArgumentException ex) {
				throw new IOException("the age identity file " + file + ", line " + (i + 1) + ", " + ex.getMessage());
			}
		}
		if (identities.isEmpty()) {
			throw new IOException("the age identity file " + file + " holds no AGE-SECRET-KEY-1… line");
		}
		return List.copyOf(identities);
	}

	/**
	 * @return the recipient whose files this identity opens
	 */
	public AgeRecipient recipient() {
		return this.recipient;
	}

	/**
	 * @return where the identity came from (a file name), for messages
	 */
	public String origin() {
		return this.origin;
	}

	/**
	 * @return the {@code AGE-SECRET-KEY-1…} text, to write a key file
	 */
	public String encode() {
		return Bech32.encode(HRP, this.secret).toUpperCase(Locale.ROOT);
	}

	byte[] secret() {
		return this.secret;
	}

	@Override
	public String toString() {
		return this.origin + " (" + this.recipient + ")";
	}

}
