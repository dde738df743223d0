package dev.mamori.backup.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.mamori.backup.age.AgeKeys;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Extracts chosen parts of an archive in one read, each archive prefix into its own staging
 * location, checking every entry while it is written: against {@link EntrySafety}, against the
 * expected (sidecar) manifest byte by byte, and the archive file against its {@code .sha256}.
 * <p>
 * Nothing is ever written through a link: directories are created one component at a time and
 * checked without following links, files are created new without following links, and the
 * archive's symbolic links are created only after every file is written, and only when the whole
 * chain they lead through stays inside their source. Whatever the archive says, nothing lands
 * outside the targets; on a refusal ({@link ArchiveRefusedException}) the caller deletes them.
 */
public final class ArchiveExtractor {

	/** Room kept free beyond the declared bytes: file system overhead and whatever else is writing. */
	private static final long MARGIN = 64L << 20;

	private static final LinkOption[] NOFOLLOW = { LinkOption.NOFOLLOW_LINKS };

	private ArchiveExtractor() {
	}

	/**
	 * Reads the archive once: writes the selected entries into their staging targets while checking
	 * each against the expected manifest, computes the archive file's SHA-256 from the same bytes,
	 * and at the end compares the inner manifest with the expected one.
	 * @param archive the {@code .tar.zst} file
	 * @param expected the sidecar manifest: every entry must be in it, with its size and SHA-256
	 * @param targets archive prefix (such as {@code files/uploads/}, {@code db/db.sqlite} or
	 * {@code config/env/.env}) to the staging directory or file it goes to; this method creates them
	 * (and the missing parents of each), and writes nothing elsewhere
	 * @param select given an entry name (directories end in {@code /}), whether to write it;
	 * {@code null} for every entry under the targets. Entries not written are still read and checked
	 * @param fileDone told the prefix of each single-file target as soon as that file is complete and
	 * has matched the manifest, so its own check can start while the rest is extracted
	 * @return what was read and written
	 * @throws ArchiveRefusedException when an entry could escape, is of a type Mamori never writes,
	 * does not match the manifest, or the archive is damaged; the message names the entry
	 * @throws IOException when the staging targets cannot be written
	 */
	public static Extraction extract(Path archive, Manifest expected, Map<String, Path> targets,
			Predicate<String> select, Consumer<String> fileDone) throws IOException {
		return extract(archive, expected, targets, select, fileDone, AgeKeys.NONE);
	}

	/**
	 * As {@link #extract(Path, Manifest, Map, Predicate, Consumer)}, opening an age-encrypted archive with
	 * the keys.
	 * @param archive the archive file
	 * @param expected the whole manifest (of a sealed sidecar: opened)
	 * @param targets archive prefix to staging directory or file
	 * @param select which entries to write, {@code null} for all
	 * @param fileDone told each single-file target as soon as it is complete
	 * @param keys what opens an encrypted archive
	 * @return what was read and written
	 * @throws ArchiveRefusedException also when the archive is encrypted and no identity opens it
	 */
	public static Extraction extract(Path archive, Manifest expected, Map<String, Path> targets,
			Predicate<String> select, Consumer<String> fileDone, AgeKeys keys) throws IOException {
		Objects.requireNonNull(expected, "expected");
		Staging staging = new Staging(targets, (select != null) ? select : (name) -> true,
				(fileDone != null) ? fileDone : (prefix) -> {
				});
		CheckedArchiveReader.Outcome outcome = CheckedArchiveReader.extract(archive, expected, staging, keys);
		return new Extraction(outcome.manifest(), outcome.entriesChecked(), outcome.bytesWritten());
	}

	/**
	 * Extracts every entry under the targets, checked against the archive's sidecar manifest.
	 * @param archive the archive
	 * @param targets archive prefix (such as {@code files/uploads/} or {@code db/db.sqlite}) to the
	 * directory or file it is extracted to
	 * @see #extract(Path, Manifest, Map, Predicate, Consumer)
	 */
	public static void extract(Path archive, Map<String, Path> targets) throws IOException {
		extract(archive, targets, null);
	}

	/**
	 * Extracts every entry under the targets, checked against the archive's sidecar manifest.
	 * @param archive the archive
	 * @param targets archive prefix to the directory or file it is extracted to
	 * @param fileDone told the prefix of each single-file target (such as {@code db/db.sqlite}) as
	 * soon as that file is complete, so its check can start while the rest is extracted
	 * @see #extract(Path, Manifest, Map, Predicate, Consumer)
	 */
	public static void extract(Path archive, Map<String, Path> targets, Consumer<String> fileDone)
			throws IOException {
		Path sidecar = ArchiveFiles.manifestOf(archive);
		if (!Files.isRegularFile(sidecar)) {
			throw new ArchiveRefusedException("archive " + archive.getFileName() + " has no sidecar manifest "
					+ sidecar.getFileName() + " to check its entries against");
		}
		extract(archive, ArchiveJson.read(sidecar), targets, null, fileDone, AgeKeys.NONE);
	}

	/**
	 * Refuses a restore whose declared bytes would not fit: for each file system the targets are on
	 * (that of the nearest existing ancestor), the declared size of the entries that would be written
	 * there, plus 10% and 64 MiB, must fit its usable space.
	 * @param expected the sidecar manifest
	 * @param targets archive prefix to staging directory or file, as for
	 * {@link #extract(Path, Manifest, Map, Predicate, Consumer)}
	 * @param select which entries would be written, {@code null} for all
	 * @throws ArchiveRefusedException naming the file system, the bytes needed and the bytes free
	 * @throws IOException when a file system cannot be read
	 */
	public static void checkFreeSpace(Manifest expected, Map<String, Path> targets, Predicate<String> select)
			throws IOException {
		Map<FileStore, Long> declared = new LinkedHashMap<>();
		Map<FileStore, Path> examples = new LinkedHashMap<>();
		for (Manifest.Entry entry : expected.entries()) {
			if (entry.size() < 0) {
				throw new ArchiveRefusedException(
						"the manifest declares a negative size for entry '" + entry.path() + "'");
			}
			Place place = place(entry.path(), targets);
			if (place == null || (select != null && !select.test(entry.path()))) {
				continue;
			}
			FileStore store = Files.getFileStore(nearestExisting(place.path()));
			declared.merge(store, entry.size(), ArchiveExtractor::add);
			examples.putIfAbsent(store, targets.get(place.prefix()));
		}
		for (Map.Entry<FileStore, Long> on : declared.entrySet()) {
			long bytes = on.getValue();
			long needed = add(add(bytes, bytes / 10), MARGIN);
			long free = on.getKey().getUsableSpace();
			if (needed > free) {
				throw new ArchiveRefusedException("not enough free space on " + on.getKey() + " for "
						+ examples.get(on.getKey()) + ": the restore needs " + human(needed) + " (" + human(bytes)
						+ " declared, plus a margin) and " + human(free) + " is free");
			}
		}
	}

	/**
	 * @param manifest the manifest inside the archive, which matched the expected one
	 * @param entriesChecked file entries read, hashed and checked, written or not
	 * @param bytesWritten bytes written into the targets
	 */
	public record Extraction(Manifest manifest, int entriesChecked, long bytesWritten) {
	}

	/** Adds sizes from a manifest that may be forged to overflow. */
	static long add(long a, long b) {
		long sum = a + b;
		return (sum < a || sum < b) ? Long.MAX_VALUE : sum;
	}

	static String human(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		String[] units = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
	}

	private static Path nearestExisting(Path path) {
		Path existing = path.toAbsolutePath();
		while (existing.getParent() != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		return existing;
	}

	/**
	 * Where an entry goes.
	 * @param prefix the target's archive prefix
	 * @param root the staging directory (prefix ending in {@code /}) or file
	 * @param path the entry's own path, inside {@code root}
	 */
	private record Place(String prefix, Path root, Path path) {

		boolean directoryTarget() {
			return this.prefix.endsWith("/");
		}

	}

	/** The first target whose prefix holds the entry; names were checked by {@link EntrySafety}. */
	private static Place place(String name, Map<String, Path> targets) {
		for (Map.Entry<String, Path> target : targets.entrySet()) {
			String prefix = target.getKey();
			Path root = target.getValue().toAbsolutePath().normalize();
			if (prefix.endsWith("/")) {
				if (name.equals(prefix) || name.equals(EntrySafety.bare(prefix))) {
					return new Place(prefix, root, root);
				}
				if (name.startsWith(prefix)) {
					Path path = root.resolve(EntrySafety.bare(name.substring(prefix.length()))).normalize();
					// Checked names cannot escape; this guards the guard.
					return path.startsWith(root) ? new Place(prefix, root, path) : null;
				}
			}
			else if (name.equals(prefix)) {
				return new Place(prefix, root, root);
			}
		}
		return null;
	}

	static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] order = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		// Only the nine permission bits: setuid, setgid and sticky from an archive are dropped.
		for (int bit = 0; bit < order.length; bit++) {
			if ((mode & (1 << bit)) != 0) {
				set.add(order[bit]);
			}
		}
		return set;
	}

	/** Writes checked entries into the staging targets, never through a link. */
	private static final class Staging implements CheckedArchiveReader.Sink {

		private final Map<String, Path> targets;

		private final Predicate<String> select;

		private final Consumer<String> fileDone;

		/** Directories created or found to be real directories (not links) in this run. */
		private final Set<Path> directories = new HashSet<>();

		private final List<Object[]> directoryTimes = new ArrayList<>();

		Staging(Map<String, Path> targets, Predicate<String> select, Consumer<String> fileDone) {
			this.targets = targets;
			this.select = select;
			this.fileDone = fileDone;
		}

		private Place chosen(String name) {
			Place place = place(name, this.targets);
			return (place != null && this.select.test(name)) ? place : null;
		}

		@Override
		public OutputStream open(String name, TarArchiveEntry entry) throws IOException {
			Place place = chosen(name);
			if (place == null) {
				return null;
			}
			if (place.directoryTarget() && place.path().equals(place.root())) {
				throw new ArchiveRefusedException("entry '" + name + "' is a file where the directory "
						+ place.prefix() + " belongs");
			}
			directory(name, place, place.path().getParent());
			try {
				// CREATE_NEW fails on anything already there, a dangling link included.
				return Files.newOutputStream(place.path(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
						LinkOption.NOFOLLOW_LINKS);
			}
			catch (FileAlreadyExistsException ex) {
				throw new ArchiveRefusedException(
						"entry '" + name + "' would overwrite " + place.path() + ", which already exists");
			}
		}

		@Override
		public void written(String name, TarArchiveEntry entry) throws IOException {
			Place place = chosen(name);
			attributes(place.path(), entry);
			if (!place.directoryTarget()) {
				this.fileDone.accept(place.prefix());
			}
		}

		@Override
		public void directory(String name, TarArchiveEntry entry) throws IOException {
			Place place = chosen(name);
			if (place == null) {
				return;
			}
			if (!place.directoryTarget()) {
				throw new ArchiveRefusedException(
						"entry '" + name + "' is a directory where the file " + place.prefix() + " belongs");
			}
			directory(name, place, place.path());
			// Mode and time last: a read-only directory would refuse its children, and writing them
			// changes its time.
			this.directoryTimes.add(new Object[] { place.path(), entry });
		}

		@Override
		public void finish(Map<String, String> links) throws IOException {
			for (Map.Entry<String, String> link : links.entrySet()) {
				String name = link.getKey();
				Place place = chosen(name);
				if (place == null) {
					continue;
				}
				if (!place.directoryTarget() || place.path().equals(place.root())) {
					throw new ArchiveRefusedException("symbolic link '" + name + "' is where "
							+ place.prefix() + " belongs");
				}
				// Checked against the layout's source already; again against this target's own root,
				// which a caller may have chosen deeper.
				String problem = EntrySafety.linkProblem(name, links, EntrySafety.bare(place.prefix()));
				if (problem != null) {
					throw new ArchiveRefusedException(problem);
				}
				directory(name, place, place.path().getParent());
				try {
					Files.createSymbolicLink(place.path(), Path.of(link.getValue()));
				}
				catch (FileAlreadyExistsException ex) {
					throw new ArchiveRefusedException(
							"symbolic link '" + name + "' would replace " + place.path() + ", which already exists");
				}
			}
			for (int i = this.directoryTimes.size() - 1; i >= 0; i--) {
				attributes((Path) this.directoryTimes.get(i)[0], (TarArchiveEntry) this.directoryTimes.get(i)[1]);
			}
		}

		/**
		 * Makes {@code dir} and every directory between it and the staging root, one component at a
		 * time, each checked to be a real directory and not a link: so no later write goes through a
		 * link, whatever was there before.
		 */
		private void directory(String name, Place place, Path dir) throws IOException {
			if (this.directories.contains(dir)) {
				return;
			}
			// Only the parents of a staging root are made with createDirectories: the caller chose
			// them, the archive did not.
			if (!dir.startsWith(place.root())) {
				Files.createDirectories(dir);
				this.directories.add(dir);
				return;
			}
			if (dir.equals(place.root())) {
				if (dir.getParent() != null) {
					Files.createDirectories(dir.getParent());
				}
			}
			else {
				directory(name, place, dir.getParent());
			}
			try {
				Files.createDirectory(dir);
			}
			catch (FileAlreadyExistsException ex) {
				if (!Files.isDirectory(dir, NOFOLLOW)) {
					throw new ArchiveRefusedException(
							"entry '" + name + "' would be written through " + dir + ", which is not a directory");
				}
			}
			this.directories.add(dir);
		}

		/** Never follows a link, although none can be in the way: links come last. */
		private static void attributes(Path target, TarArchiveEntry entry) throws IOException {
			PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class, NOFOLLOW);
			if (posix != null) {
				posix.setPermissions(permissions(entry.getMode()));
			}
			FileTime time = FileTime.from(entry.getLastModifiedDate().toInstant());
			Files.getFileAttributeView(target, BasicFileAttributeView.class, NOFOLLOW).setTimes(time, null, null);
		}

	}

}
