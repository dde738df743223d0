package dev.mamori.cli;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import dev.mamori.backup.archive.DestinationScanner;
import dev.mamori.backup.restore.PreRestoreArchive;

/**
 * Which archive of an app on the drive a command works on: the one named, else the newest that is
 * not a pre-restore archive. Shared by {@code restore} and {@code drill}.
 */
final class ArchiveChoice {

	private ArchiveChoice() {
	}

	/**
	 * @param dir the directory holding the archives
	 * @param app the app id
	 * @param snapshot an archive's file name, or {@code null} for the newest
	 * @return the archive, or {@code null} when there is none
	 */
	static DestinationScanner.Found choose(Path dir, String app, String snapshot) {
		List<DestinationScanner.Found> archives = DestinationScanner.scan(dir)
			.stream()
			.filter((f) -> app.equals(f.manifest().app()))
			.sorted(Comparator.comparing((DestinationScanner.Found f) -> f.manifest().createdAt()).reversed())
			.toList();
		return (snapshot != null)
				? archives.stream().filter((f) -> f.archive().getFileName().toString().equals(snapshot)).findFirst().orElse(null)
				: archives.stream().filter((f) -> !f.manifest().tags().contains(PreRestoreArchive.TAG)).findFirst().orElse(null);
	}

}
