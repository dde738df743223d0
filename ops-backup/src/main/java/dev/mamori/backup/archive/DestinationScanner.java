package dev.mamori.backup.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists the archives in a directory from their sidecar manifests, without decompressing anything
 * and without Mamori's database: what {@code catalog rebuild} and the disaster-recovery CLI read.
 * An archive without its manifest, or a manifest without its archive, is not listed.
 */
public final class DestinationScanner {

	private DestinationScanner() {
	}

	/**
	 * @param directory a destination
	 * @return the archives found, oldest first
	 */
	public static List<Found> scan(Path directory) {
		List<Found> found = new ArrayList<>();
		try (var files = Files.list(directory)) {
			for (Path sidecar : files.filter((p) -> p.getFileName().toString().endsWith(ArchiveFiles.EXTENSION + ArchiveFiles.MANIFEST_SUFFIX)).toList()) {
				String name = sidecar.getFileName().toString();
				Path archive = sidecar.resolveSibling(name.substring(0, name.length() - ArchiveFiles.MANIFEST_SUFFIX.length()));
				if (!Files.isRegularFile(archive)) {
					continue;
				}
				try {
					Manifest manifest = ArchiveJson.read(sidecar);
					if (!Manifest.FORMAT.equals(manifest.format())) {
						continue;
					}
					found.add(new Found(archive, manifest, Files.size(archive), ArchiveFiles.readChecksum(archive)));
				}
				catch (IOException ex) {
					// An unreadable sidecar is not an archive we can vouch for.
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot list " + directory + ": " + ex.getMessage(), ex);
		}
		found.sort(Comparator.comparing((Found f) -> f.manifest().createdAt()).thenComparing((f) -> f.archive().getFileName().toString()));
		return found;
	}

	/**
	 * @param archive the archive file
	 * @param manifest its sidecar manifest
	 * @param size its size
	 * @param sha256 its checksum from the {@code .sha256} file, or {@code null}
	 */
	public record Found(Path archive, Manifest manifest, long size, String sha256) {

		/**
		 * @return the archive's checksum, or an empty string when it has no checksum file
		 */
		@Override
		public String sha256() {
			return (this.sha256 != null) ? this.sha256 : "";
		}

	}

}
