package dev.mamori.backup.age;

import java.util.List;

/**
 * What may open an age file: identities (from identity files), and the file key of a file this process
 * just wrote.
 */
public final class AgeKeys {

	/** Nothing: an age file cannot be opened. */
	public static final AgeKeys NONE = new AgeKeys(List.of(), List.of(), null);

	private final List<AgeIdentity> identities;

	private final List<byte[]> fileKeys;

	private final String hint;

	private AgeKeys(List<AgeIdentity> identities, List<byte[]> fileKeys, String hint) {
		this.identities = List.copyOf(identities);
		this.fileKeys = List.copyOf(fileKeys);
		this.hint = hint;
	}

	/**
	 * @param identities the identities to try, in order
	 * @return the keys
	 */
	public static AgeKeys of(List<AgeIdentity> identities) {
		return new AgeKeys(identities, List.of(), null);
	}

	/**
	 * No identity, with a sentence saying how to give one (added to the error when a file needs one).
	 * @param hint such as "set mamori.apps.shop.backup.encryption.identity-file"
	 * @return the keys
	 */
	public static AgeKeys none(String hint) {
		return new AgeKeys(List.of(), List.of(), hint);
	}

	/**
	 * @param fileKeys file keys of files this process wrote
	 * @return these keys, also trying those file keys (each checked against the header MAC)
	 */
	public AgeKeys with(List<AgeFileKey> fileKeys) {
		if (fileKeys == null || fileKeys.isEmpty()) {
			return this;
		}
		List<byte[]> all = new java.util.ArrayList<>(this.fileKeys);
		fileKeys.forEach((key) -> all.add(key.bytes()));
		return new AgeKeys(this.identities, all, this.hint);
	}

	/**
	 * @return whether there is anything to open a file with
	 */
	public boolean isEmpty() {
		return this.identities.isEmpty() && this.fileKeys.isEmpty();
	}

	/**
	 * @return the identities' recipients and origins, for messages (never the keys)
	 */
	public List<String> describe() {
		return this.identities.stream().map(AgeIdentity::toString).toList();
	}

	List<AgeIdentity> identities() {
		return this.identities;
	}

	List<byte[]> fileKeys() {
		return this.fileKeys;
	}

	String hint() {
		return this.hint;
	}

	@Override
	public String toString() {
		return "AgeKeys" + this.identities + (this.fileKeys.isEmpty() ? "" : "+" + this.fileKeys.size() + " file keys");
	}

}
