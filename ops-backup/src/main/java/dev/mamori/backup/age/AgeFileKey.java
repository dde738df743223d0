package dev.mamori.backup.age;

/**
 * The random key of one age file, kept in memory only by the process that wrote the file so it can
 * read it back (verify a fresh archive) without holding an identity.
 */
public final class AgeFileKey {

	private final byte[] key;

	AgeFileKey(byte[] key) {
		this.key = key.clone();
	}

	byte[] bytes() {
		return this.key;
	}

	@Override
	public String toString() {
		return "AgeFileKey[hidden]";
	}

}
