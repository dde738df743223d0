package dev.mamori.backup.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.LocalDateTime;
import java.util.Set;
import java.time.format.DateTimeFormatter;

/**
 * Names and sidecar files of archives in a destination directory.
 */
public final class ArchiveFiles {

	/** The archive file extension. */
	public static final String EXTENSION = ".tar.zst";

	/** Suffix of an archive being written; never listed, removed when found stale. */
	public static final String PARTIAL = ".partial";

	/** Suffix of the sidecar manifest. */
	public static final String MANIFEST_SUFFIX = ".manifest.json";

	/** Suffix of the {@code sha256sum}-compatible checksum file. */
	public static final String CHECKSUM_SUFFIX = ".sha256";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

	private ArchiveFiles() {
	}

	/**
	 * The next free archive name for an app at a time: {@code <app>_<YYYYMMDD>_<HHMMSS>.tar.zst}, with
	 * {@code _2}, {@code _3} on collision.
	 * @param destination the directory
	 * @param app the app id
	 * @param localTime the server's local time
	 * @return the file name
	 */
	public static String nextName(Path destination, String app, LocalDateTime localTime) {
		return nextName(destination, app, localTime, (name) -> false);
	}

	/**
	 * The next archive name that is free on the destination and not known elsewhere.
	 * @param destination the directory
	 * @param app the app id
	 * @param localTime the server's local time
	 * @param known names in use although not on the destination (a catalog entry whose file was deleted, a
	 * copy that exists only off-site): a new archive under such a name would be taken for the old one
	 * @return the file name
	 */
	public static String nextName(Path destination, String app, LocalDateTime localTime,
			java.util.function.Predicate<String> known) {
		String base = app + "_" + STAMP.format(localTime);
		String name = base + EXTENSION;
		for (int i = 2; taken(destination, name) || known.test(name); i++) {
			name = base + "_" + i + EXTENSION;
		}
		return name;
	}

	private static boolean taken(Path destination, String name) {
		return Files.exists(destination.resolve(name)) || Files.exists(destination.resolve(name + PARTIAL))
				|| Files.exists(destination.resolve(name + MANIFEST_SUFFIX));
	}

	public static Path manifestOf(Path archive) {
		return archive.resolveSibling(archive.getFileName() + MANIFEST_SUFFIX);
	}

	public static Path checksumOf(Path archive) {
		return archive.resolveSibling(archive.getFileName() + CHECKSUM_SUFFIX);
	}

	/**
	 * @param archive the archive
	 * @return the hex SHA-256 in its checksum file, or {@code null} when there is none
	 */
	public static String readChecksum(Path archive) throws IOException {
		Path file = checksumOf(archive);
		if (!Files.exists(file)) {
			return null;
		}
		String line = Files.readString(file, StandardCharsets.UTF_8).trim();
		int space = line.indexOf(' ');
		return (space > 0) ? line.substring(0, space) : line;
	}

	/**
	 * Writes a small file durably: to a temporary name, fsynced, then renamed.
	 * @param target the file
	 * @param content its bytes
	 */
	public static void writeDurably(Path target, byte[] content) throws IOException {
		Path temp = target.resolveSibling(target.getFileName() + ".tmp");
		// A stale temporary file could carry wider permissions; a new one is created owner-only.
		Files.deleteIfExists(temp);
		try (FileChannel channel = FileChannel.open(temp,
				Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(temp))) {
			channel.write(java.nio.ByteBuffer.wrap(content));
			channel.force(true);
		}
		Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * The permissions of archives, sidecars and other files Mamori writes beside them: owner read and
	 * write only ({@code 0600}); a backup that travels on a USB stick carries the app's secrets.
	 */
	public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	/** Owner read and write, group read ({@code 0640}), used when a group is configured. */
	public static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rw-r-----");

	/**
	 * Creates a new, empty file readable and writable by its owner only, atomically (the mode is set at
	 * creation, so the file is never readable by others, whatever the umask).
	 * @param file the file, which must not exist
	 */
	public static void createOwnerOnly(Path file) throws IOException {
		if (posix(file)) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		}
		else {
			Files.createFile(file);
		}
	}

	/**
	 * Makes a file readable by a group: group ownership set to it and mode {@code 0640}.
	 * @param file the file
	 * @param group the group's name
	 * @throws IOException when the group does not exist or the file's group cannot be changed
	 */
	public static void shareWithGroup(Path file, String group) throws IOException {
		PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
		if (view == null) {
			throw new IOException("cannot give " + file + " to group " + group + ": not a POSIX file system");
		}
		GroupPrincipal principal;
		try {
			principal = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
		}
		catch (UserPrincipalNotFoundException ex) {
			throw new IOException("group " + group + " does not exist", ex);
		}
		view.setGroup(principal);
		view.setPermissions(OWNER_AND_GROUP);
	}

	private static boolean posix(Path file) {
		Path parent = file.toAbsolutePath().getParent();
		return parent != null && Files.getFileAttributeView(parent, PosixFileAttributeView.class) != null;
	}

	private static FileAttribute<?>[] ownerOnly(Path file) {
		return posix(file) ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) }
				: new FileAttribute<?>[0];
	}

	/**
	 * Fsyncs a directory so renames in it survive a power cut.
	 * @param directory the directory
	 */
	public static void syncDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some file systems (and all non-Linux ones) do not allow opening a directory; the
			// files themselves were fsynced.
		}
	}

}
