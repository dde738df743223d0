package dev.mamori.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.age.AgeIdentity;
import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.age.AgeRecipient;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.ArchiveKeys;
import dev.mamori.backup.archive.DestinationScanner;

/**
 * The age identity of the disaster-recovery commands: {@code --identity FILE}, else the identity file
 * of the app declared in {@code --config}; and the recipients a pre-restore archive is encrypted to
 * (the app's, else those of the identity that opened the archive, so replaced data never lands on the
 * drive in the clear when the archive was encrypted).
 */
final class CliIdentity {

	private CliIdentity() {
	}

	/**
	 * @param identity the {@code --identity} file, or {@code null}
	 * @param declared the app as declared in {@code --config}, or {@code null}
	 * @return what opens an encrypted archive
	 * @throws IOException when the identity file cannot be read, naming it (never the key)
	 */
	static AgeKeys keys(Path identity, AppsProperties.App declared) throws IOException {
		if (identity != null) {
			return AgeKeys.of(AgeIdentity.read(identity));
		}
		AppsProperties.Encryption encryption = (declared != null) ? declared.backup().encryption() : null;
		if (encryption != null && encryption.identityFile() != null) {
			return AgeKeys.of(AgeIdentity.read(encryption.identityFile()));
		}
		return AgeKeys.none("pass --identity FILE, an age identity file");
	}

	/**
	 * @param identity the {@code --identity} file, or {@code null}
	 * @param declared the app as declared, or {@code null}
	 * @param encrypted whether the archive restored from is encrypted
	 * @param keys what opened it
	 * @return the recipients of the pre-restore archive
	 */
	static ArchiveKeys pre(Path identity, AppsProperties.App declared, boolean encrypted, AgeKeys keys)
			throws IOException {
		AppsProperties.Encryption encryption = (declared != null) ? declared.backup().encryption() : null;
		List<AgeRecipient> recipients = List.of();
		if (encryption != null && !encryption.recipients().isEmpty()) {
			recipients = encryption.recipients().stream().map(AgeRecipient::parse).toList();
		}
		else if (encrypted && identity != null) {
			recipients = AgeIdentity.read(identity).stream().map(AgeIdentity::recipient).toList();
		}
		return new ArchiveKeys(recipients, keys);
	}

	/**
	 * @param chosen an archive as listed
	 * @param keys what opens a sealed sidecar
	 * @return the archive with its whole manifest
	 * @throws IOException naming the archive and the identity when a sealed sidecar cannot be opened
	 */
	static DestinationScanner.Found opened(DestinationScanner.Found chosen, AgeKeys keys) throws IOException {
		return new DestinationScanner.Found(chosen.archive(),
				ArchiveJson.readFull(ArchiveFiles.manifestOf(chosen.archive()), keys), chosen.size(), chosen.sha256());
	}

	/**
	 * @param chosen an archive as listed
	 * @return whether its sidecar is sealed (the archive is encrypted)
	 */
	static boolean encrypted(DestinationScanner.Found chosen) throws IOException {
		return ArchiveJson.isSealed(ArchiveFiles.manifestOf(chosen.archive()));
	}

}
