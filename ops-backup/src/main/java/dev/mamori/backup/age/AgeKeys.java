package dev.mamori.backup.age;

import java.util.List;

/**
 * What may open an age file: identities (from identity files), and the file key of a file this process
 * just wrote.
 */
public final class AgeKeys {

	/** Nothing: an age file cannot be opened. */
	public static final AgeKeys NONE = new AgeKeys(List.of(), null);

	private final List<AgeIdentity> identities;

	private final byte[] fileKey;

	private AgeKeys(List<AgeIdentity> identities, byte[] fileKey) {
		this.identities = List.copyOf(identities);
		this.fileKey = fileKey;
	}

	/**
	 * @param identities the identities to try, in order
	 * @return the keys
	 */
	public static AgeKeys of(List<AgeIdentity> identities) {
		return new AgeKeys(identities, null);
	}

	/**
	 * @param fileKey the file key of a file this process wrote
	 * @return these keys, also trying that file key
	 */
	public AgeKeys with(AgeFileKey fileKey) {
		return (fileKey != null) ? new AgeKeys(this.identities, fileKey.bytes()) : this;
	}

	/**
	 * @return whether there is anything to open a file with
	 */
	public boolean isEmpty() {
		return this.identities.isEmpty() && this.fileKey == null;
	}

	List<AgeIdentity> identities() {
		return this.identities;
	}

	byte[] fileKey() {
		return this.fileKey;
	}

	@Override
	public String toString() {
		return "AgeKeys" + this.identities + ((this.fileKey != null) ? "+fileKey" : "");
	}

}
