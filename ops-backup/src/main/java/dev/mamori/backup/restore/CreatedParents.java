package dev.mamori.backup.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The parent directories a restore creates for live paths that do not exist yet (a spare machine):
 * kept when the restore succeeds, removed again when it fails, and only while empty, so a refused
 * archive leaves no directory behind that its manifest named.
 */
final class CreatedParents {

	private final List<Path> created = new ArrayList<>();

	/**
	 * @param live a live path that staging is about to prepare, or {@code null} for a database
	 */
	void remember(Path live) {
		if (live == null) {
			return;
		}
		Path missing = null;
		for (Path dir = live.toAbsolutePath().normalize().getParent(); dir != null
				&& !Files.exists(dir, LinkOption.NOFOLLOW_LINKS); dir = dir.getParent()) {
			missing = dir;
		}
		if (missing != null) {
			this.created.add(missing);
		}
	}

	/** Removes the remembered directories that hold nothing but empty directories. */
	void removeEmpty() {
		for (int i = this.created.size() - 1; i >= 0; i--) {
			try (Stream<Path> walk = Files.walk(this.created.get(i))) {
				for (Path dir : walk.sorted(Comparator.reverseOrder()).toList()) {
					if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
						Files.delete(dir);
					}
				}
			}
			catch (IOException ex) {
				// Not empty, or already gone: it stays as it is.
			}
		}
	}

}
