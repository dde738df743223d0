package dev.mamori.backup.age;

import java.util.Arrays;

/**
 * An X25519 recipient: the public key an age file is encrypted to, written {@code age1…}.
 */
public final class AgeRecipient {

	static final String HRP = "age";

	private final byte[] publicKey;

	AgeRecipient(byte[] publicKey) {
		this.publicKey = publicKey.clone();
	}

	/**
	 * @param text an {@code age1…} recipient as {@code age-keygen} prints it
	 * @return the recipient
	 * @throws IllegalArgumentException saying what is wrong with it
	 */
	public static AgeRecipient parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("is empty; expected an X25519 recipient such as age1…");
		}
		String trimmed = text.strip();
		if (!trimmed.toLowerCase(java.util.Locale.ROOT).startsWith("age1")) {
			throw new IllegalArgumentException("is not an age X25519 recipient: it must start with 'age1'");
		}
		byte[] key;
		try {
			key = Bech32.decode(trimmed, HRP);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("is not a valid age recipient: it " + ex.getMessage());
		}
		if (key.length != 32) {
			throw new IllegalArgumentException("is not a valid age recipient: it holds " + key.length
					+ " bytes, an X25519 key has 32");
		}
		return new AgeRecipient(key);
	}

	byte[] publicKey() {
		return this.publicKey.clone();
	}

	@Override
	public String toString() {
		return Bech32.encode(HRP, this.publicKey);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AgeRecipient that && Arrays.equals(this.publicKey, that.publicKey);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.publicKey);
	}

}
