package dev.mamori.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything under a directory, links never followed: each file with its mode, modification time
 * and SHA-256, each directory with its mode, each link with its target. Two equal states mean
 * nothing was added, removed, replaced or changed, and no byte differs.
 */
public final class TreeState {

	private TreeState() {
	}

	/**
	 * @param root the directory
	 * @param excluded subtrees left out (such as the destination, which may receive archives)
	 * @return relative path to what it is
	 */
	public static Map<String, String> of(Path root, List<Path> excluded) throws IOException {
		Map<String, String> state = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.toList()) {
				if (excluded.stream().anyMatch(path::startsWith)) {
					continue;
				}
				state.put(root.relativize(path).toString(), describe(path));
			}
		}
		return state;
	}

	/**
	 * @param path any path
	 * @return what it is now: missing, a link and its target, a directory and its mode, a file with
	 * its mode, time and SHA-256
	 */
	public static String describe(Path path) throws IOException {
		if (Files.isSymbolicLink(path)) {
			return "link -> " + Files.readSymbolicLink(path);
		}
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return "missing";
		}
		if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
			return "dir " + mode(path);
		}
		if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
			return "special " + mode(path);
		}
		return "file " + mode(path) + " " + Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS) + " "
				+ sha256(path);
	}

	/**
	 * @param file a file
	 * @return its SHA-256 in hex
	 */
	public static String sha256(Path file) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
				byte[] buffer = new byte[1 << 16];
				for (int n; (n = in.read(buffer)) > 0;) {
					digest.update(buffer, 0, n);
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String mode(Path path) throws IOException {
		int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		return String.format("%04o", mode & 07777) + " "
				+ PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
	}

}
