package dev.mamori.backup.archive;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.mamori.backup.age.AgeFileKey;
import dev.mamori.backup.age.AgeOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Streams entries into {@code <name>.tar.zst.partial}: POSIX/PAX tar, zstd with a content checksum,
 * every entry hashed while it is copied and the archive file hashed while it is written, so nothing
 * is read twice and no file is held in memory. {@link #finish} adds the manifest, fsyncs, writes the
 * sidecars and renames the archive into place. With recipients the archive file is age-encrypted
 * (the tar.zst stream inside), and its sidecar manifest sealed (see {@link ArchiveJson#seal}).
 */
public final class ArchiveWriter implements Closeable {

	private static final int BUFFER = 1 << 20;

	/**
	 * The input each zstd worker compresses at a time. zstd's default at level 3 is 8 MB, and it holds
	 * input and output buffers for a few jobs per worker: about 50 MB more resident memory during a
	 * backup on 2 cores (more on 4). 2 MB jobs measured the same wall time and a 0.02 % larger archive
	 * (docs/benchmarks.md, Backup); the stream is the same single zstd frame.
	 */
	static final int JOB_SIZE = 2 << 20;

	private final Path partial;

	private final Path target;

	private final FileOutputStream file;

	private final MessageDigest archiveDigest;

	private final TarArchiveOutputStream tar;

	private final List<Manifest.Entry> entries = new ArrayList<>();

	private final byte[] buffer = new byte[BUFFER];

	private boolean finished;

	private String group;

	private final ArchiveKeys keys;

	private final AgeFileKey fileKey;

	private ArchiveWriter(Path target, int level, int workers, ArchiveKeys keys) throws IOException {
		this.keys = keys;
		this.target = target;
		this.partial = target.resolveSibling(target.getFileName() + ArchiveFiles.PARTIAL);
		// Created exclusively: two writers that picked the same name in the same second (a backup and a
		// restore's pre-restore archive) never write into one file.
		// Owner-only from the first byte: the archive holds the app's data and its .env.
		ArchiveFiles.createOwnerOnly(this.partial);
		this.file = new FileOutputStream(this.partial.toFile());
		// Held while writing, so a sweep for partial files left by a killed writer (this process or
		// another: the server, the CLI) never removes one that is being written.
		this.file.getChannel().tryLock();
		this.archiveDigest = sha256();
		OutputStream hashed = new DigestOutputStream(new KeepOpen(this.file), this.archiveDigest);
		if (keys.encrypts()) {
			// The file's SHA-256 (its .sha256) is of the encrypted bytes, what is on the drive and what
			// sha256sum -c checks; the manifest's per-entry digests are of the plain content.
			AgeOutputStream age = new AgeOutputStream(hashed, keys.recipients());
			this.fileKey = age.fileKey();
			hashed = age;
		}
		else {
			this.fileKey = null;
		}
		ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(
				new java.io.BufferedOutputStream(hashed, BUFFER), level);
		zstd.setChecksum(true);
		if (workers > 0) {
			zstd.setWorkers(workers);
			zstd.setJobSize(JOB_SIZE);
		}
		this.tar = new TarArchiveOutputStream(zstd, BUFFER, "UTF-8");
		this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
		this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
		this.tar.setAddPaxHeadersForNonAsciiNames(true);
	}

	/**
	 * Starts an archive.
	 * @param target the final archive path; the writer writes {@code target.partial}
	 * @param level zstd level
	 * @param workers zstd compression threads, 0 for none
	 * @return the writer
	 */
	public static ArchiveWriter create(Path target, int level, int workers) throws IOException {
		return new ArchiveWriter(target, level, workers, ArchiveKeys.NONE);
	}

	/**
	 * Starts an archive, age-encrypted when the keys name recipients.
	 * @param target the final archive path; the writer writes {@code target.partial}
	 * @param level zstd level
	 * @param workers zstd compression threads, 0 for none
	 * @param keys the recipients to encrypt to, none for a plain archive
	 * @return the writer
	 */
	public static ArchiveWriter create(Path target, int level, int workers, ArchiveKeys keys) throws IOException {
		return new ArchiveWriter(target, level, workers, keys);
	}

	/**
	 * Starts an archive under the next free name {@code <app>_<YYYYMMDD>_<HHMMSS>[_n].tar.zst}.
	 * @param destination the directory
	 * @param app the app id
	 * @param localTime the time in the name
	 * @param level zstd level
	 * @param workers zstd compression threads, 0 for none
	 * @return the writer
	 */
	public static ArchiveWriter createNext(Path destination, String app, java.time.LocalDateTime localTime, int level,
			int workers) throws IOException {
		return createNext(destination, app, localTime, level, workers, ArchiveKeys.NONE);
	}

	/**
	 * Starts an archive under the next free name, age-encrypted when the keys name recipients.
	 * @param destination the directory
	 * @param app the app id
	 * @param localTime the time in the name
	 * @param level zstd level
	 * @param workers zstd compression threads, 0 for none
	 * @param keys the recipients to encrypt to, none for a plain archive
	 * @return the writer
	 */
	public static ArchiveWriter createNext(Path destination, String app, java.time.LocalDateTime localTime, int level,
			int workers, ArchiveKeys keys) throws IOException {
		return createNext(destination, app, localTime, level, workers, keys, (name) -> false);
	}

	/**
	 * Starts an archive under the next name that is free on the destination and not known elsewhere.
	 * @param destination the directory
	 * @param app the app id
	 * @param localTime the time in the name
	 * @param level zstd level
	 * @param workers zstd compression threads, 0 for none
	 * @param keys the recipients, none for a plain archive
	 * @param known names in use although not on the destination (see {@link ArchiveFiles#nextName})
	 * @return the writer
	 */
	public static ArchiveWriter createNext(Path destination, String app, java.time.LocalDateTime localTime, int level,
			int workers, ArchiveKeys keys, java.util.function.Predicate<String> known) throws IOException {
		for (int tries = 0;; tries++) {
			try {
				return new ArchiveWriter(destination.resolve(ArchiveFiles.nextName(destination, app, localTime, known)),
						level, workers, keys);
			}
			catch (java.nio.file.FileAlreadyExistsException ex) {
				if (tries > 100) {
					throw ex;
				}
			}
		}
	}

	/**
	 * @param partial a {@code .partial} file
	 * @return whether a live writer (in this process or another) is writing it
	 */
	public static boolean beingWritten(Path partial) {
		try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(partial,
				java.nio.file.StandardOpenOption.WRITE)) {
			java.nio.channels.FileLock lock = channel.tryLock();
			if (lock == null) {
				return true;
			}
			lock.release();
			return false;
		}
		catch (java.nio.channels.OverlappingFileLockException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * @return the archive's final path
	 */
	public Path target() {
		return this.target;
	}

	/**
	 * @return the file being written
	 */
	public Path partialFile() {
		return this.partial;
	}

	/**
	 * Copies a regular file into the archive.
	 * @param name entry name
	 * @param source the file
	 * @param progress told about every chunk copied
	 * @return the manifest entry
	 */
	public Manifest.Entry addFile(String name, Path source, LongConsumer progress) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		long size = describe(entry, source);
		entry.setSize(size);
		this.tar.putArchiveEntry(entry);
		MessageDigest digest = sha256();
		long copied = 0;
		try (InputStream in = Files.newInputStream(source)) {
			int n;
			while (copied < size && (n = in.read(this.buffer, 0, (int) Math.min(this.buffer.length, size - copied))) > 0) {
				digest.update(this.buffer, 0, n);
				this.tar.write(this.buffer, 0, n);
				copied += n;
				progress.accept(n);
			}
		}
		if (copied != size) {
			throw new IOException(source + " shrank from " + size + " to " + copied + " bytes while it was read");
		}
		this.tar.closeArchiveEntry();
		Manifest.Entry recorded = new Manifest.Entry(name, size, HexFormat.of().formatHex(digest.digest()));
		this.entries.add(recorded);
		return recorded;
	}

	/**
	 * Adds a directory entry with the directory's mode and time.
	 * @param name entry name, ending in {@code /}
	 * @param source the directory
	 */
	public void addDirectory(String name, Path source) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
		describe(entry, source);
		this.tar.putArchiveEntry(entry);
		this.tar.closeArchiveEntry();
	}

	/**
	 * Adds a symbolic link as a link, never following it.
	 * @param name entry name
	 * @param source the link
	 */
	public void addSymlink(String name, Path source) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
		entry.setLinkName(Files.readSymbolicLink(source).toString());
		entry.setModTime(Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
		this.tar.putArchiveEntry(entry);
		this.tar.closeArchiveEntry();
	}

	/**
	 * Makes the finished archive and its sidecars readable by a group ({@code 0640}) instead of by the
	 * owner only ({@code 0600}).
	 * @param group the group's name, or {@code null} for owner only
	 * @return this writer
	 */
	public ArchiveWriter readableByGroup(String group) {
		this.group = (group == null || group.isBlank()) ? null : group;
		return this;
	}

	/**
	 * @return the entries written so far
	 */
	public List<Manifest.Entry> entries() {
		return List.copyOf(this.entries);
	}

	/**
	 * Writes the manifest as the last entry, fsyncs the archive, writes the sidecars and renames the
	 * archive into place.
	 * @param manifest the manifest; its entries are replaced by the ones written
	 * @return the archive's size and SHA-256
	 */
	public Written finish(Manifest manifest) throws IOException {
		Manifest complete = new Manifest(manifest.format(), manifest.app(), manifest.appName(), manifest.createdAt(),
				manifest.zone(), manifest.host(), manifest.mamoriVersion(), manifest.tags(), manifest.tools(),
				manifest.sources(), List.copyOf(this.entries));
		byte[] json = ArchiveJson.write(complete);
		TarArchiveEntry entry = new TarArchiveEntry(Manifest.ENTRY_NAME);
		entry.setSize(json.length);
		entry.setMode(0644);
		entry.setModTime(FileTime.from(manifest.createdAt()));
		this.tar.putArchiveEntry(entry);
		this.tar.write(json);
		this.tar.closeArchiveEntry();
		this.tar.finish();
		this.tar.close();
		this.file.getChannel().force(true);
		this.file.close();
		this.finished = true;
		String checksum = HexFormat.of().formatHex(this.archiveDigest.digest());
		// Sidecars first: an archive is only ever listed with its manifest beside it. An encrypted
		// archive's sidecar shows only what listing needs; the manifest itself is sealed inside it.
		List<AgeFileKey> fileKeys = new ArrayList<>();
		byte[] sidecar = json;
		if (this.keys.encrypts()) {
			ArchiveJson.Sealed sealed = ArchiveJson.seal(complete, this.keys.recipients());
			sidecar = sealed.bytes();
			fileKeys.add(this.fileKey);
			fileKeys.add(sealed.fileKey());
		}
		ArchiveFiles.writeDurably(ArchiveFiles.manifestOf(this.target), sidecar);
		ArchiveFiles.writeDurably(ArchiveFiles.checksumOf(this.target),
				(checksum + "  " + this.target.getFileName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		if (this.group != null) {
			ArchiveFiles.shareWithGroup(ArchiveFiles.manifestOf(this.target), this.group);
			ArchiveFiles.shareWithGroup(ArchiveFiles.checksumOf(this.target), this.group);
			ArchiveFiles.shareWithGroup(this.partial, this.group);
		}
		Files.move(this.partial, this.target, StandardCopyOption.ATOMIC_MOVE);
		ArchiveFiles.syncDirectory(this.target.getParent());
		return new Written(this.target, Files.size(this.target), checksum, complete, List.copyOf(fileKeys));
	}

	/**
	 * Abandons an unfinished archive and deletes its partial file.
	 */
	@Override
	public void close() throws IOException {
		if (!this.finished) {
			try {
				this.tar.close();
			}
			catch (IOException | RuntimeException ex) {
				// Already failing; the partial file goes either way.
			}
			this.file.close();
			Files.deleteIfExists(this.partial);
		}
	}

	/** Sets time, mode and owner from one stat call; returns the size. */
	private static long describe(TarArchiveEntry entry, Path source) throws IOException {
		try {
			java.util.Map<String, Object> attributes = Files.readAttributes(source,
					"unix:mode,uid,gid,lastModifiedTime,size", LinkOption.NOFOLLOW_LINKS);
			entry.setModTime((FileTime) attributes.get("lastModifiedTime"));
			entry.setMode((Integer) attributes.get("mode"));
			entry.setUserId(((Number) attributes.get("uid")).longValue());
			entry.setGroupId(((Number) attributes.get("gid")).longValue());
			return (Long) attributes.get("size");
		}
		catch (UnsupportedOperationException ex) {
			// Not a Unix file system: time and size only, default mode.
			entry.setModTime(Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
			return Files.size(source);
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A finished archive.
	 * @param path where it is
	 * @param size its size
	 * @param sha256 its SHA-256
	 * @param manifest its manifest
	 * @param fileKeys the age file keys of an encrypted archive and its sealed sidecar (memory only), none
	 * for a plain one
	 */
	public record Written(Path path, long size, String sha256, Manifest manifest, List<AgeFileKey> fileKeys) {

		/**
		 * A plain archive.
		 * @param path where it is
		 * @param size its size
		 * @param sha256 its SHA-256
		 * @param manifest its manifest
		 */
		public Written(Path path, long size, String sha256, Manifest manifest) {
			this(path, size, sha256, manifest, List.of());
		}

		/**
		 * @return the keys that open this archive in this process, whatever identity is configured
		 * @param keys the app's keys
		 */
		public ArchiveKeys readableWith(ArchiveKeys keys) {
			return keys.opening(keys.identities().with(this.fileKeys));
		}

	}

	/** Lets the zstd stream close without closing the file, which is fsynced first. */
	private static final class KeepOpen extends FilterOutputStream {

		KeepOpen(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
