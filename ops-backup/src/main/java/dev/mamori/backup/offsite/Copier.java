package dev.mamori.backup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.mamori.backup.archive.ArchiveFiles;

/**
 * The layout of archives on a target and the verified upload and download of one archive.
 * <p>
 * On a target an app's archives live under {@code <app>/}, each with the same two sidecars as on the
 * local destination. Upload order makes a copy appear whole or not at all: the archive goes up under
 * {@code <name>.partial} (or straight to its key on an object store, where a put is atomic), its size
 * and SHA-256 are checked (a checksum the server states, else a read-back within the download budget),
 * it is renamed into place, then the checksum file and last the manifest: an archive is only listed
 * with its manifest beside it, exactly as on the local destination.
 */
final class Copier {

	private static final int BUFFER = 256 * 1024;

	private Copier() {
	}

	static String key(String appId, String name) {
		return appId + "/" + name;
	}

	/**
	 * Uploads an archive and its sidecars, verified.
	 * @param store the target
	 * @param appId the app
	 * @param archive the local archive
	 * @param size its size
	 * @param sha256 its SHA-256
	 * @param throttle bandwidth limit
	 * @param downloadBudget how much a verification may read back
	 */
	static void upload(RemoteStore store, String appId, Path archive, long size, String sha256, Throttle throttle,
			long downloadBudget) throws IOException {
		String name = archive.getFileName().toString();
		String key = key(appId, name);
		String partial = store.atomicPut() ? key : key + ArchiveFiles.PARTIAL;
		// Unlisted first: a copy being replaced is never seen with a new archive and an old manifest.
		store.delete(key + ArchiveFiles.MANIFEST_SUFFIX);
		store.put(archive, partial, throttle);
		try {
			verify(store, partial, size, sha256, downloadBudget);
		}
		catch (IOException ex) {
			try {
				store.delete(partial);
			}
			catch (IOException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw ex;
		}
		if (!partial.equals(key)) {
			store.rename(partial, key);
			long renamed = store.size(key);
			if (renamed != size) {
				throw new IOException(key + " is " + renamed + " bytes after the rename, expected " + size);
			}
		}
		store.putBytes(key + ArchiveFiles.CHECKSUM_SUFFIX, Files.readAllBytes(ArchiveFiles.checksumOf(archive)));
		store.putBytes(key + ArchiveFiles.MANIFEST_SUFFIX, Files.readAllBytes(ArchiveFiles.manifestOf(archive)));
	}

	private static void verify(RemoteStore store, String key, long size, String sha256, long downloadBudget)
			throws IOException {
		long remote = store.size(key);
		if (remote != size) {
			throw new IOException("uploaded " + key + " is " + remote + " bytes, expected " + size);
		}
		String stated = store.statedSha256(key);
		if (stated != null) {
			if (!stated.equalsIgnoreCase(sha256)) {
				throw new IOException("uploaded " + key + " has SHA-256 " + stated + ", expected " + sha256);
			}
			return;
		}
		if (size > downloadBudget) {
			throw new IOException("cannot verify " + key + ": the target states no checksum and " + size
					+ " bytes exceed its download budget of " + downloadBudget);
		}
		String read;
		try (InputStream in = store.open(key)) {
			read = sha256(in, OutputStream.nullOutputStream());
		}
		if (!read.equalsIgnoreCase(sha256)) {
			throw new IOException("uploaded " + key + " reads back with SHA-256 " + read + ", expected " + sha256);
		}
	}

	/**
	 * @param store the target
	 * @param appId the app
	 * @return the archives listed there (with a manifest beside them), by name
	 */
	static List<String> list(RemoteStore store, String appId) throws IOException {
		List<String> all = store.list(appId);
		List<String> listed = new ArrayList<>();
		for (String name : all) {
			if (name.endsWith(ArchiveFiles.EXTENSION) && all.contains(name + ArchiveFiles.MANIFEST_SUFFIX)) {
				listed.add(name);
			}
		}
		listed.sort(null);
		return listed;
	}

	/**
	 * Deletes an archive from a target: the manifest first, so it is never listed half deleted.
	 */
	static void delete(RemoteStore store, String appId, String name) throws IOException {
		String key = key(appId, name);
		store.delete(key + ArchiveFiles.MANIFEST_SUFFIX);
		store.delete(key + ArchiveFiles.CHECKSUM_SUFFIX);
		store.delete(key);
	}

	/**
	 * Downloads an archive and its sidecars into a directory, checking the archive's SHA-256 against
	 * its checksum file (and against {@code expectedSha256} when known).
	 * @param store the target
	 * @param appId the app
	 * @param name the archive
	 * @param directory where to put it
	 * @param expectedSha256 the catalog's SHA-256, or {@code null}
	 * @param throttle bandwidth limit
	 * @return the downloaded archive
	 */
	static Path download(RemoteStore store, String appId, String name, Path directory, String expectedSha256,
			Throttle throttle) throws IOException {
		String key = key(appId, name);
		Path archive = directory.resolve(name);
		Path partial = directory.resolve(name + ArchiveFiles.PARTIAL);
		Files.deleteIfExists(partial);
		ArchiveFiles.createOwnerOnly(partial);
		String actual;
		try (InputStream in = throttle.wrap(store.open(key)); OutputStream out = Files.newOutputStream(partial)) {
			actual = sha256(in, out);
		}
		byte[] checksum;
		byte[] manifest;
		try (InputStream in = store.open(key + ArchiveFiles.CHECKSUM_SUFFIX)) {
			checksum = in.readNBytes(4096);
		}
		try (InputStream in = store.open(key + ArchiveFiles.MANIFEST_SUFFIX)) {
			manifest = in.readNBytes(64 * 1024 * 1024);
		}
		String stated = new String(checksum, java.nio.charset.StandardCharsets.UTF_8).trim().split("\\s+")[0];
		if (!actual.equalsIgnoreCase(stated) || (expectedSha256 != null && !actual.equalsIgnoreCase(expectedSha256))) {
			Files.deleteIfExists(partial);
			throw new IOException("the copy of " + name + " downloaded with SHA-256 " + actual + ", expected "
					+ ((expectedSha256 != null) ? expectedSha256 : stated) + ": it is damaged");
		}
		ArchiveFiles.writeDurably(ArchiveFiles.manifestOf(archive), manifest);
		ArchiveFiles.writeDurably(ArchiveFiles.checksumOf(archive), checksum);
		Files.move(partial, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		return archive;
	}

	static String sha256(InputStream in, OutputStream copy) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] buffer = new byte[BUFFER];
		int n;
		while ((n = in.read(buffer)) > 0) {
			digest.update(buffer, 0, n);
			copy.write(buffer, 0, n);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
