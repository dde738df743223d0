package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.mamori.backup.archive.ArchiveFiles;

/**
 * The swap of a file or directory by rename, shared by the SQLite, file and directory handlers.
 * Staging, aside and trash locations are hidden siblings of the live path, so every move is a
 * rename inside one file system: O(1), atomic, and possible on data too damaged to read.
 * Every operation is idempotent and decides from what exists, so it also completes after a crash.
 */
final class PathSwap {

	private PathSwap() {
	}

	/**
	 * @param sourceId the source
	 * @param type the type, lower case
	 * @param live the live path
	 * @param runId the restore run
	 * @return the staging, with the live path's parents created (nothing live is touched)
	 */
	static Staging stage(String sourceId, String type, Path live, long runId) throws IOException {
		Path absolute = live.toAbsolutePath().normalize();
		Files.createDirectories(absolute.getParent());
		Path staged = hidden(absolute, "staged", runId);
		Path aside = hidden(absolute, "aside", runId);
		// Data moved aside by an earlier run that could not finish (a fresh install restarts run
		// numbers) is never overwritten or mixed with: this run takes the next free name.
		for (int n = 2; Files.exists(aside, LinkOption.NOFOLLOW_LINKS) || Files.exists(trashOf(aside), LinkOption.NOFOLLOW_LINKS); n++) {
			aside = hidden(absolute, "aside", runId).resolveSibling(hidden(absolute, "aside", runId).getFileName() + "." + n);
		}
		// Leftovers of the same run id (a CLI run number reused) would mix with this one.
		delete(staged);
		return new Staging(sourceId, type, absolute.toString(), staged.toString(), aside.toString(),
				Files.exists(absolute, LinkOption.NOFOLLOW_LINKS), null);
	}

	/**
	 * Live (and its siblings such as {@code -wal}) aside, then staged live.
	 * @param staging the staging
	 * @param siblings suffixes of files that belong to the live one
	 */
	static void swap(Staging staging, List<String> siblings) throws IOException {
		Path live = staging.livePath();
		Path aside = staging.asidePath();
		move(live, aside);
		for (String suffix : siblings) {
			move(sibling(live, suffix), sibling(aside, suffix));
		}
		Files.move(staging.stagedPath(), live, StandardCopyOption.ATOMIC_MOVE);
		ArchiveFiles.syncDirectory(live.getParent());
	}

	/**
	 * Puts the aside data back and removes what the restore put there.
	 * @param staging the staging
	 * @param siblings suffixes of files that belong to the live one
	 */
	static void undo(Staging staging, List<String> siblings) throws IOException {
		Path live = staging.livePath();
		Path aside = staging.asidePath();
		Path trash = trash(staging);
		boolean asideThere = exists(aside);
		boolean ours = asideThere ? exists(live)
				: (!staging.hadLive() && exists(live) && !exists(staging.stagedPath()));
		if (ours) {
			// The restored data leaves by rename first, so a crash in the delete below leaves no half tree live.
			move(live, trash);
			for (String suffix : siblings) {
				move(sibling(live, suffix), sibling(trash, suffix));
			}
		}
		if (asideThere) {
			move(aside, live);
		}
		for (String suffix : siblings) {
			if (!exists(sibling(live, suffix))) {
				move(sibling(aside, suffix), sibling(live, suffix));
			}
		}
		ArchiveFiles.syncDirectory(live.getParent());
		delete(trash);
		for (String suffix : siblings) {
			delete(sibling(trash, suffix));
		}
		delete(staging.stagedPath());
	}

	/**
	 * Removes staging, aside and trash.
	 * @param staging the staging
	 * @param siblings suffixes of files that belong to the live one
	 */
	static void discard(Staging staging, List<String> siblings) throws IOException {
		delete(staging.stagedPath());
		delete(trash(staging));
		if (staging.asidePath() != null) {
			delete(staging.asidePath());
			for (String suffix : siblings) {
				delete(sibling(staging.asidePath(), suffix));
			}
		}
	}

	/**
	 * @param staging the staging
	 * @return whether live data was moved aside and is still there
	 */
	static boolean asideExists(Staging staging) {
		return staging.asidePath() != null && exists(staging.asidePath());
	}

	static Path sibling(Path path, String suffix) {
		return path.resolveSibling(path.getFileName() + suffix);
	}

	static long size(Path path) {
		if (!exists(path)) {
			return -1;
		}
		try (Stream<Path> files = Files.walk(path)) {
			return files.filter((f) -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
				.mapToLong((f) -> f.toFile().length())
				.sum();
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			return -1;
		}
	}

	static void delete(Path path) throws IOException {
		if (path == null || !exists(path)) {
			return;
		}
		if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
			try (Stream<Path> walk = Files.walk(path)) {
				for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
		else {
			Files.delete(path);
		}
	}

	private static Path hidden(Path live, String kind, long runId) {
		// A command-line run has a negative id: "cli123…" reads better than "--123…".
		String run = (runId < 0) ? "cli" + (-runId) : Long.toString(runId);
		return live.resolveSibling("." + live.getFileName() + ".mamori-" + kind + "-" + run);
	}

	private static Path trash(Staging staging) {
		return (staging.aside() != null) ? trashOf(Path.of(staging.aside())) : sibling(staging.livePath(), ".mamori-trash");
	}

	private static Path trashOf(Path aside) {
		return Path.of(aside.toString().replace(".mamori-aside-", ".mamori-trash-"));
	}

	private static boolean exists(Path path) {
		return path != null && Files.exists(path, LinkOption.NOFOLLOW_LINKS);
	}

	private static void move(Path from, Path to) throws IOException {
		if (exists(from)) {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
	}

}
