package dev.mamori.backup.archive;

import java.nio.file.Path;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Refuses entries that would land outside their target when extracted: absolute names, {@code ..}
 * segments, and symbolic or hard links whose target leaves the source's own tree.
 */
public final class EntrySafety {

	private EntrySafety() {
	}

	/**
	 * @param entry a tar entry
	 * @return why it is unsafe, or {@code null} when it is safe
	 */
	public static String problem(TarArchiveEntry entry) {
		String name = entry.getName();
		if (name.startsWith("/") || name.contains("\\") || name.contains("\0")) {
			return "entry '" + name + "' has an absolute or malformed name";
		}
		Path normalized = Path.of(name).normalize();
		if (normalized.startsWith("..") || !normalized.toString().equals(stripSlash(name))) {
			return "entry '" + name + "' escapes its target with '..'";
		}
		if (entry.isSymbolicLink() || entry.isLink()) {
			String link = entry.getLinkName();
			if (link == null || link.startsWith("/")) {
				return "link '" + name + "' points to an absolute path '" + link + "'";
			}
			Path root = sourceRoot(normalized);
			// Symbolic links resolve from their own directory; hard links from the archive root.
			Path resolved = entry.isSymbolicLink() ? normalized.resolveSibling(link).normalize()
					: Path.of(link).normalize();
			if (root == null || !resolved.startsWith(root) || resolved.startsWith("..")) {
				return "link '" + name + "' points outside its source: '" + link + "'";
			}
		}
		return null;
	}

	private static Path sourceRoot(Path entry) {
		// files/<source>/..., config/<source>/..., db/<file>
		return (entry.getNameCount() >= 2) ? entry.subpath(0, 2) : null;
	}

	private static String stripSlash(String name) {
		String stripped = name;
		while (stripped.endsWith("/")) {
			stripped = stripped.substring(0, stripped.length() - 1);
		}
		while (stripped.startsWith("./")) {
			stripped = stripped.substring(2);
		}
		return stripped;
	}

}
