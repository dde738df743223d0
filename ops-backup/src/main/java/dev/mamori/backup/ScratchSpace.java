package dev.mamori.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.mamori.core.LeaseOwners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work directory, one subdirectory per process ({@code proc-PID@HOST}): database copies and dumps
 * a server or a command-line run writes before they enter an archive. A process killed mid-copy leaves
 * its subdirectory behind; the next start (server or command line) removes the subdirectories of
 * processes of this host that no longer run, and never touches one that still runs.
 */
public final class ScratchSpace {

	private static final Logger logger = LoggerFactory.getLogger(ScratchSpace.class);

	private static final String PREFIX = "proc-";

	private ScratchSpace() {
	}

	/**
	 * @param workDir the configured work directory
	 * @return this process's scratch directory in it, created when missing
	 */
	public static Path forThisProcess(Path workDir) {
		Path dir = workDir.resolve(name(LeaseOwners.THIS_PROCESS));
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the work directory " + dir, ex);
		}
		return dir;
	}

	/**
	 * Removes what processes of this host that no longer run left in the work directory.
	 * @param workDir the configured work directory
	 * @return how many directories were removed
	 */
	public static int sweep(Path workDir) {
		if (workDir == null || !Files.isDirectory(workDir)) {
			return 0;
		}
		int removed = 0;
		try (Stream<Path> children = Files.list(workDir)) {
			for (Path child : children.filter(Files::isDirectory).toList()) {
				String owner = owner(child.getFileName().toString());
				if (owner != null && !owner.equals(LeaseOwners.THIS_PROCESS) && LeaseOwners.deadLocalProcess(owner)) {
					deleteTree(child);
					logger.info("Removed {} left in the work directory by a stopped Mamori", child);
					removed++;
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Could not clean the work directory {}: {}", workDir, ex.getMessage());
		}
		return removed;
	}

	static String name(String owner) {
		String[] parts = owner.split(":");
		return PREFIX + parts[1] + "@" + parts[0];
	}

	static String owner(String name) {
		if (!name.startsWith(PREFIX) || name.indexOf('@') < 0) {
			return null;
		}
		String pid = name.substring(PREFIX.length(), name.indexOf('@'));
		return name.substring(name.indexOf('@') + 1) + ":" + pid;
	}

	private static void deleteTree(Path dir) throws IOException {
		List<Path> paths;
		try (Stream<Path> walk = Files.walk(dir)) {
			paths = walk.sorted(Comparator.reverseOrder()).toList();
		}
		for (Path path : paths) {
			Files.deleteIfExists(path);
		}
	}

}
