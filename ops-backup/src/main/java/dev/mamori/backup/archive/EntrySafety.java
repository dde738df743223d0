package dev.mamori.backup.archive;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The rules an archive entry must follow before anything is written from it, shared by the
 * extractor and the verifier so that {@code verify} refuses exactly what a restore would refuse.
 * <p>
 * Each entry on its own ({@link #problem}): a relative name without {@code ..}, {@code .}, empty
 * segments, backslashes or NUL, in the layout Mamori writes ({@code files/<source>/...},
 * {@code config/<source>/<name>}, {@code db/<name>}, {@code manifest.json}), and of a type Mamori
 * writes (regular file, directory, symbolic link with a relative target). Hard links, devices,
 * FIFOs and sparse files are refused. Symbolic links as a whole ({@link #linkProblem}): followed
 * through the archive's other links, every step must stay inside the link's source.
 */
public final class EntrySafety {

	/** Links followed while resolving one link before it counts as a loop, as Linux's MAXSYMLINKS. */
	static final int MAX_LINK_HOPS = 40;

	private EntrySafety() {
	}

	/**
	 * Checks one entry on its own: name, layout and type. Links are only checked for the form of
	 * their target here; where they lead is {@link #linkProblem}'s job, once every link is known.
	 * @param entry a tar entry
	 * @return why it is refused, as one sentence naming the entry, or {@code null} when it is safe
	 */
	public static String problem(TarArchiveEntry entry) {
		String name = entry.getName();
		String malformed = nameProblem(name, "entry");
		if (malformed != null) {
			return malformed;
		}
		byte flag = entry.getLinkFlag();
		if (entry.isLink()) {
			return "entry '" + name + "' is a hard link, which Mamori never writes";
		}
		if (entry.isCharacterDevice() || entry.isBlockDevice()) {
			return "entry '" + name + "' is a device file, which Mamori never writes";
		}
		if (entry.isFIFO()) {
			return "entry '" + name + "' is a FIFO, which Mamori never writes";
		}
		if (entry.isSparse()) {
			return "entry '" + name + "' is a sparse file, which Mamori never writes";
		}
		boolean regular = flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM;
		if (!regular && !entry.isDirectory() && !entry.isSymbolicLink()) {
			return "entry '" + name + "' has tar type '" + (char) flag + "', which Mamori never writes";
		}
		String layout = layoutProblem(name, entry);
		if (layout != null) {
			return layout;
		}
		if (entry.isSymbolicLink()) {
			String link = entry.getLinkName();
			if (link == null || link.isEmpty()) {
				return "symbolic link '" + name + "' has no target";
			}
			if (link.startsWith("/")) {
				return "symbolic link '" + name + "' points to the absolute path '" + link + "'";
			}
			if (link.contains("\\") || link.contains("\0")) {
				return "symbolic link '" + name + "' has a malformed target '" + link + "'";
			}
		}
		return null;
	}

	/**
	 * Follows a symbolic link through the archive's other links the way the kernel would once they
	 * all exist, and checks that no step leaves {@code root}. A lexical check alone is not enough:
	 * with {@code a -> .}, {@code b -> a/..} looks like it stays put but leads to the parent.
	 * @param name the link's entry name, without a trailing slash
	 * @param links every symbolic link in the archive: entry name (no trailing slash) to target
	 * @param root the directory the link must stay in, as an entry name without trailing slash
	 * (such as {@code files/uploads})
	 * @return why it is refused, or {@code null} when every step stays inside {@code root}
	 */
	static String linkProblem(String name, Map<String, String> links, String root) {
		String[] rootParts = root.split("/");
		if (!name.startsWith(root + "/")) {
			return "symbolic link '" + name + "' is not inside its source '" + root + "'";
		}
		// Directories walked so far; none of them is a link, so '..' pops exactly as the kernel does.
		Deque<String> resolved = new ArrayDeque<>();
		String[] parts = name.split("/");
		for (int i = 0; i < parts.length - 1; i++) {
			resolved.addLast(parts[i]);
		}
		Deque<String> pending = new ArrayDeque<>();
		push(pending, links.get(name));
		int hops = 0;
		while (!pending.isEmpty()) {
			String part = pending.removeFirst();
			if (part.isEmpty() || part.equals(".")) {
				continue;
			}
			if (part.equals("..")) {
				if (resolved.size() <= rootParts.length) {
					return "symbolic link '" + name + "' -> '" + links.get(name) + "' leads outside its source '" + root
							+ "'";
				}
				resolved.removeLast();
				continue;
			}
			resolved.addLast(part);
			String here = String.join("/", resolved);
			String target = links.get(here);
			if (target != null) {
				if (++hops > MAX_LINK_HOPS) {
					return "symbolic link '" + name + "' goes through more than " + MAX_LINK_HOPS + " links";
				}
				if (target.startsWith("/")) {
					return "symbolic link '" + name + "' leads to the absolute path '" + target + "' through '" + here
							+ "'";
				}
				// The link is replaced by its target, read from the link's own directory.
				resolved.removeLast();
				push(pending, target);
			}
		}
		return null;
	}

	/** Puts a link target's segments in front of what is still to be walked. */
	private static void push(Deque<String> pending, String target) {
		String[] parts = target.split("/");
		for (int i = parts.length - 1; i >= 0; i--) {
			pending.addFirst(parts[i]);
		}
	}

	/**
	 * @param name a checked entry name
	 * @return the tree its links must stay in: {@code files/<source>} for directory sources
	 */
	static String sourceRoot(String name) {
		String[] parts = name.split("/");
		return (parts.length >= 2) ? parts[0] + "/" + parts[1] : name;
	}

	/**
	 * @param name an entry name
	 * @return the name without the trailing slash of a directory entry
	 */
	static String bare(String name) {
		return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
	}

	private static String nameProblem(String name, String what) {
		if (name == null || name.isEmpty()) {
			return what + " without a name";
		}
		if (name.startsWith("/") || name.contains("\\") || name.contains("\0")) {
			return what + " '" + name + "' has an absolute or malformed name";
		}
		for (String part : bare(name).split("/", -1)) {
			if (part.equals("..")) {
				return what + " '" + name + "' escapes its target with '..'";
			}
			if (part.isEmpty() || part.equals(".")) {
				return what + " '" + name + "' has an empty or '.' path segment";
			}
		}
		return null;
	}

	/** The layout Mamori writes; anything else has no place to go and no reason to be there. */
	private static String layoutProblem(String name, TarArchiveEntry entry) {
		String[] parts = bare(name).split("/");
		boolean file = !entry.isDirectory() && !entry.isSymbolicLink();
		boolean layout = switch (parts[0]) {
			case "files" -> parts.length >= 3 || (parts.length == 2 && entry.isDirectory());
			case "config" -> parts.length == 3 && file;
			case "db" -> parts.length == 2 && file;
			case Manifest.ENTRY_NAME -> parts.length == 1 && file;
			default -> false;
		};
		if (!layout) {
			return "entry '" + name + "' is outside the archive layout (files/<source>/..., config/<source>/<name>, "
					+ "db/<name>)";
		}
		return null;
	}

}
