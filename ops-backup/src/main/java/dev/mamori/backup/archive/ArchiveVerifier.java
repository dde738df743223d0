package dev.mamori.backup.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import dev.mamori.backup.age.AgeException;
import dev.mamori.backup.age.AgeKeys;

/**
 * Re-reads a whole archive with the extractor's own checks and writing switched off: the file
 * against its {@code .sha256}, every entry against the sidecar manifest (when there is one) and the
 * manifest inside, the two manifests against each other, and every entry name, type and link
 * against escaping its target. An archive is intact only when a restore would accept it.
 */
public final class ArchiveVerifier {

	private ArchiveVerifier() {
	}

	/**
	 * @param archive the {@code .tar.zst} file
	 * @param progress told about every chunk of archive bytes read
	 * @return the outcome, with every problem found
	 */
	public static Verification verify(Path archive, LongConsumer progress) {
		return verify(archive, AgeKeys.NONE, progress);
	}

	/**
	 * Verifies an archive, plain or age-encrypted; an encrypted one (and its sealed sidecar) is opened
	 * with the keys.
	 * @param archive the archive file
	 * @param keys what opens an encrypted archive
	 * @param progress told about every chunk of archive bytes read
	 * @return the outcome, with every problem found (a missing or wrong identity among them, named)
	 */
	public static Verification verify(Path archive, AgeKeys keys, LongConsumer progress) {
		List<String> problems = new ArrayList<>();
		Manifest sidecar = null;
		Path sidecarFile = ArchiveFiles.manifestOf(archive);
		if (Files.exists(sidecarFile)) {
			try {
				sidecar = ArchiveJson.readFull(sidecarFile, keys);
			}
			catch (AgeException ex) {
				// Nothing can be checked without the identity.
				problems.add(ex.getMessage());
				return new Verification(false, List.copyOf(problems), 0, null);
			}
			catch (IOException ex) {
				problems.add("sidecar manifest " + sidecarFile.getFileName() + " is unreadable: " + ex.getMessage());
			}
		}
		CheckedArchiveReader.Outcome outcome = CheckedArchiveReader.verify(archive, sidecar, progress, keys);
		problems.addAll(outcome.problems());
		return new Verification(problems.isEmpty(), List.copyOf(problems), outcome.entriesChecked(),
				outcome.manifest());
	}

	/**
	 * @param intact whether nothing was wrong
	 * @param problems what was wrong, naming entries
	 * @param entriesChecked file entries read and hashed
	 * @param manifest the manifest inside, if it could be read
	 */
	public record Verification(boolean intact, List<String> problems, int entriesChecked, Manifest manifest) {
	}

}
