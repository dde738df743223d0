package dev.mamori.backup.archive;

import java.util.List;

import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.age.AgeRecipient;

/**
 * An app's encryption at rest: the age recipients its new archives (and their sidecars) are encrypted
 * to, and what opens existing ones. Both empty when encryption is off: archives are then written in
 * the plain format and an encrypted one cannot be opened.
 *
 * @param recipients who new archives are encrypted to; none for plain archives
 * @param identities what opens encrypted archives (identity files, or a fresh archive's file key)
 */
public record ArchiveKeys(List<AgeRecipient> recipients, AgeKeys identities) {

	/** Encryption off, nothing to open an encrypted archive with. */
	public static final ArchiveKeys NONE = new ArchiveKeys(List.of(), AgeKeys.NONE);

	public ArchiveKeys {
		recipients = List.copyOf(recipients);
	}

	/**
	 * @return whether new archives are encrypted
	 */
	public boolean encrypts() {
		return !this.recipients.isEmpty();
	}

	/**
	 * @param identities what opens encrypted archives
	 * @return these recipients with those identities
	 */
	public ArchiveKeys opening(AgeKeys identities) {
		return new ArchiveKeys(this.recipients, identities);
	}

}
