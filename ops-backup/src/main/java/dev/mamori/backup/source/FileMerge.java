package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.mamori.backup.archive.ArchiveFiles;

/**
 * The swap of selected files inside a live directory ({@code --only data:photos/**}): the list of
 * files is written durably first, then each live file is moved into the aside tree and the staged
 * one renamed in. Undo works from that list, so it also completes after a crash: a file with an
 * aside copy gets it back, a file that did not exist before is removed.
 */
final class FileMerge {

	private FileMerge() {
	}

	static int swap(Staging staging) throws IOException {
		Path staged = staging.stagedPath();
		Path live = staging.livePath();
		Path aside = staging.asidePath();
		List<String> files = new ArrayList<>();
		if (Files.isDirectory(staged, LinkOption.NOFOLLOW_LINKS)) {
			try (Stream<Path> walk = Files.walk(staged)) {
				walk.filter((p) -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
					.forEach((p) -> files.add(staged.relativize(p).toString()));
			}
		}
		ArchiveFiles.writeDurably(Path.of(staging.work()), String.join("\n", files).getBytes(StandardCharsets.UTF_8));
		Files.createDirectories(live);
		for (String file : files) {
			Path target = live.resolve(file);
			requireNoLinkBetween(live, target);
			if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
				Files.createDirectories(aside.resolve(file).getParent());
				Files.move(target, aside.resolve(file), StandardCopyOption.ATOMIC_MOVE);
			}
			Files.createDirectories(target.getParent());
			Files.move(staged.resolve(file), target, StandardCopyOption.ATOMIC_MOVE);
		}
		return files.size();
	}

	static void undo(Staging staging) throws IOException {
		Path list = Path.of(staging.work());
		if (!Files.exists(list)) {
			PathSwap.delete(staging.stagedPath());
			return;
		}
		Path live = staging.livePath();
		Path aside = staging.asidePath();
		for (String file : Files.readString(list).lines().filter((l) -> !l.isBlank()).toList()) {
			Path target = live.resolve(file);
			Path before = aside.resolve(file);
			boolean restored = !Files.exists(staging.stagedPath().resolve(file), LinkOption.NOFOLLOW_LINKS);
			if (Files.exists(before, LinkOption.NOFOLLOW_LINKS)) {
				Files.move(before, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			else if (restored && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
				Files.delete(target);
			}
		}
		PathSwap.delete(staging.stagedPath());
		PathSwap.delete(aside);
		Files.deleteIfExists(list);
	}

	/** The live tree may hold links; a selected file is never written through one. */
	private static void requireNoLinkBetween(Path root, Path target) throws IOException {
		Path current = root;
		for (Path part : root.relativize(target.getParent())) {
			current = current.resolve(part);
			if (Files.isSymbolicLink(current)) {
				throw new IOException(target + " would be written through the symbolic link " + current);
			}
		}
	}

}
