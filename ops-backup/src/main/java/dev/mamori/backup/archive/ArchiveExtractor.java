package dev.mamori.backup.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts chosen parts of an archive in one pass: each archive prefix goes to its own staging
 * location. Every entry is checked again before it is written: nothing lands outside its staging
 * location, whatever the archive says.
 */
public final class ArchiveExtractor {

	private ArchiveExtractor() {
	}

	/**
	 * @param archive the archive
	 * @param targets archive prefix (such as {@code files/uploads/} or {@code db/db.sqlite}) to the
	 * directory or file it is extracted to
	 */
	public static void extract(Path archive, Map<String, Path> targets) throws IOException {
		extract(archive, targets, (prefix) -> {
		});
	}

	/**
	 * @param archive the archive
	 * @param targets archive prefix to the directory or file it is extracted to
	 * @param fileDone told the prefix of each single-file target (such as {@code db/db.sqlite}) as
	 * soon as that file is complete, so its check can start while the rest is extracted
	 */
	public static void extract(Path archive, Map<String, Path> targets, java.util.function.Consumer<String> fileDone)
			throws IOException {
		List<Object[]> directoryTimes = new ArrayList<>();
		try (InputStream raw = Files.newInputStream(archive);
				ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(new BufferedInputStream(raw, 1 << 20));
				TarArchiveInputStream tar = new TarArchiveInputStream(zstd, "UTF-8")) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				String problem = EntrySafety.problem(entry);
				if (problem != null) {
					throw new IOException("refused: " + problem);
				}
				Path target = targetOf(entry.getName(), targets);
				if (target == null) {
					continue;
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target);
					directoryTimes.add(new Object[] { target, entry });
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(target.getParent());
					Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
				}
				else if (entry.isLink()) {
					throw new IOException("refused: hard link '" + entry.getName() + "' (Mamori never writes them)");
				}
				else {
					Files.createDirectories(target.getParent());
					try (OutputStream out = Files.newOutputStream(target)) {
						tar.transferTo(out);
					}
					attributes(target, entry);
					if (targets.containsKey(entry.getName())) {
						fileDone.accept(entry.getName());
					}
				}
			}
		}
		// Directory times last: writing their children changed them.
		for (int i = directoryTimes.size() - 1; i >= 0; i--) {
			attributes((Path) directoryTimes.get(i)[0], (TarArchiveEntry) directoryTimes.get(i)[1]);
		}
	}

	private static Path targetOf(String name, Map<String, Path> targets) throws IOException {
		for (Map.Entry<String, Path> target : targets.entrySet()) {
			String prefix = target.getKey();
			if (prefix.endsWith("/")) {
				String bare = prefix.substring(0, prefix.length() - 1);
				if (name.equals(prefix) || name.equals(bare)) {
					return target.getValue();
				}
				if (name.startsWith(prefix)) {
					Path root = target.getValue().toAbsolutePath().normalize();
					Path resolved = root.resolve(name.substring(prefix.length())).normalize();
					if (!resolved.startsWith(root)) {
						throw new IOException("refused: entry '" + name + "' escapes " + root);
					}
					return resolved;
				}
			}
			else if (name.equals(prefix)) {
				return target.getValue();
			}
		}
		return null;
	}

	private static void attributes(Path target, TarArchiveEntry entry) throws IOException {
		try {
			Files.setPosixFilePermissions(target, permissions(entry.getMode()));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system.
		}
		Files.setLastModifiedTime(target, FileTime.from(entry.getLastModifiedDate().toInstant()));
	}

	static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] order = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		for (int bit = 0; bit < order.length; bit++) {
			if ((mode & (1 << bit)) != 0) {
				set.add(order[bit]);
			}
		}
		return set;
	}

}
