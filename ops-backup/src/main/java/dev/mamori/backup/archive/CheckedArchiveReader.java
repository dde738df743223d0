package dev.mamori.backup.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.mamori.backup.age.AgeException;
import dev.mamori.backup.age.AgeInputStream;
import dev.mamori.backup.age.AgeKeys;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an archive once and checks everything in it: each entry against {@link EntrySafety} and the
 * tree built so far (duplicates, entries under links or files), each file's bytes against the
 * expected manifest while they stream (stopping the moment an entry outgrows its declared size),
 * the archive file's SHA-256 from the same raw bytes, the manifest inside against the expected
 * one, and where every symbolic link leads. What is read goes to a {@link Sink} when extracting,
 * and nowhere when verifying: both share every check, so {@code verify} refuses what a restore
 * refuses.
 */
final class CheckedArchiveReader {

	static final int BUFFER = 1 << 20;

	/** Mamori's manifests are kilobytes; a bigger one is not read into memory. */
	private static final long MAX_MANIFEST = 64L << 20;

	private static final OutputStream NOWHERE = OutputStream.nullOutputStream();

	private enum Kind {

		FILE, DIRECTORY, LINK

	}

	/** Where checked content goes while extracting. */
	interface Sink {

		/**
		 * @param name the entry name
		 * @param entry the entry
		 * @return where its bytes go, or {@code null} when it is only checked
		 */
		OutputStream open(String name, TarArchiveEntry entry) throws IOException;

		/**
		 * The file opened for the entry is closed and its bytes matched the manifest.
		 * @param name the entry name
		 * @param entry the entry
		 */
		void written(String name, TarArchiveEntry entry) throws IOException;

		/**
		 * @param name a directory entry
		 * @param entry the entry
		 */
		void directory(String name, TarArchiveEntry entry) throws IOException;

		/**
		 * Everything checked out: links can be created and directory times set.
		 * @param links every symbolic link of the archive, name (no trailing slash) to target, in
		 * archive order; each already stays inside its source
		 */
		void finish(Map<String, String> links) throws IOException;

	}

	/**
	 * @param manifest the manifest inside the archive, or {@code null} when it could not be read
	 * @param entriesChecked file entries read and hashed
	 * @param bytesWritten bytes handed to the sink
	 * @param problems what was wrong (verification only; extraction throws at the first)
	 */
	record Outcome(Manifest manifest, int entriesChecked, long bytesWritten, List<String> problems) {
	}

	private final Path archive;

	private final Manifest expected;

	private final Map<String, Manifest.Entry> declared = new HashMap<>();

	private long declaredTotal;

	private final Sink sink;

	private final LongConsumer progress;

	/** What opens an encrypted archive. */
	private final AgeKeys keys;

	/** Verification goes on after a problem to name them all; extraction stops at the first. */
	private final List<String> problems;

	private final Map<String, Kind> kinds = new HashMap<>();

	private final Set<String> usedAsDirectory = new HashSet<>();

	private final Map<String, String> links = new LinkedHashMap<>();

	private final Map<String, Manifest.Entry> found = new LinkedHashMap<>();

	private final byte[] buffer = new byte[BUFFER];

	private Manifest inner;

	private long bytesRead;

	private long bytesWritten;

	private String current;

	private String last;

	private CheckedArchiveReader(Path archive, Manifest expected, Sink sink, List<String> problems,
			LongConsumer progress, AgeKeys keys) {
		this.archive = archive;
		this.keys = keys;
		this.expected = expected;
		this.sink = sink;
		this.problems = problems;
		this.progress = progress;
	}

	/**
	 * Extracts through {@code sink}, throwing at the first problem.
	 * @param archive the archive
	 * @param expected the manifest every entry is checked against while it is written
	 * @param sink where entries go
	 * @param keys what opens an encrypted archive
	 * @return what was read
	 */
	static Outcome extract(Path archive, Manifest expected, Sink sink, AgeKeys keys) throws IOException {
		CheckedArchiveReader reader = new CheckedArchiveReader(archive, Objects.requireNonNull(expected),
				Objects.requireNonNull(sink), null, null, keys);
		reader.read();
		return reader.outcome();
	}

	/**
	 * Checks without writing anything, collecting every problem that can be named; a problem that
	 * makes reading on pointless or costly (an entry outgrowing its declared size, an unreadable
	 * stream) ends the reading.
	 * @param archive the archive
	 * @param expected the sidecar manifest, or {@code null} to check against the manifest inside only
	 * @param progress told about every chunk of archive bytes read
	 * @param keys what opens an encrypted archive
	 * @return what was read and every problem
	 */
	static Outcome verify(Path archive, Manifest expected, LongConsumer progress, AgeKeys keys) {
		CheckedArchiveReader reader = new CheckedArchiveReader(archive, expected, null, new ArrayList<>(), progress, keys);
		try {
			reader.read();
		}
		catch (IOException ex) {
			reader.problems.add(ex.getMessage());
		}
		return reader.outcome();
	}

	private Outcome outcome() {
		return new Outcome(this.inner, this.found.size(), this.bytesWritten,
				(this.problems != null) ? List.copyOf(this.problems) : List.of());
	}

	/** A problem after which reading can go on when verifying. */
	private void refuse(String problem) throws ArchiveRefusedException {
		if (this.problems == null) {
			throw new ArchiveRefusedException(problem);
		}
		this.problems.add(problem);
	}

	/**
	 * A refused entry; reading goes on (when verifying) only if it has no content, because skipping
	 * content means decompressing it, and a refused entry's size is bounded by nothing.
	 */
	private void refuse(String problem, TarArchiveEntry entry) throws ArchiveRefusedException {
		if (entry.getSize() > 0) {
			throw new ArchiveRefusedException(problem);
		}
		refuse(problem);
	}

	private void read() throws IOException {
		if (this.expected != null) {
			checkDeclared();
		}
		MessageDigest fileDigest = ArchiveWriter.sha256();
		InputStream raw;
		try {
			raw = Files.newInputStream(this.archive);
		}
		catch (IOException ex) {
			throw new ArchiveRefusedException("archive " + this.archive.getFileName() + " is unreadable: " + ex, ex);
		}
		try (InputStream digested = decrypted(new DigestInputStream(counted(raw), fileDigest));
				BufferedInputStream buffered = new BufferedInputStream(digested, BUFFER);
				ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(buffered);
				TarArchiveInputStream tar = new TarArchiveInputStream(zstd, "UTF-8")) {
			TarArchiveEntry entry;
			while ((entry = next(tar)) != null) {
				this.current = entry.getName();
				entry(tar, entry);
				this.last = this.current;
				this.current = null;
			}
			// Read the zstd frame to its end (its checksum covers every byte) and the file to its
			// end, so the file's SHA-256 comes from this one read.
			try {
				zstd.transferTo(NOWHERE);
				buffered.transferTo(NOWHERE);
			}
			catch (IOException | RuntimeException ex) {
				throw unreadable(ex);
			}
		}
		end(HexFormat.of().formatHex(fileDigest.digest()));
	}

	/**
	 * An age-encrypted archive (recognised by its first line) is decrypted on the way; the file's
	 * SHA-256 is still of the raw bytes, which the age stream reads to the end.
	 */
	private InputStream decrypted(InputStream digested) throws IOException {
		PushbackInputStream peek = new PushbackInputStream(digested, AgeInputStream.MAGIC_LENGTH);
		try {
			byte[] head = peek.readNBytes(AgeInputStream.MAGIC_LENGTH);
			peek.unread(head);
			if (!AgeInputStream.looksLikeAge(head)) {
				return peek;
			}
			return new AgeInputStream(peek, this.keys, "archive " + this.archive.getFileName());
		}
		catch (AgeException ex) {
			peek.close();
			throw new ArchiveRefusedException(ex.getMessage(), ex);
		}
		catch (IOException | RuntimeException ex) {
			peek.close();
			throw unreadable(ex);
		}
	}

	/** A forged sidecar can declare negative or overflowing sizes to get past the limits. */
	private void checkDeclared() throws ArchiveRefusedException {
		for (Manifest.Entry entry : this.expected.entries()) {
			if (entry.size() < 0) {
				throw new ArchiveRefusedException(
						"the manifest declares a negative size for entry '" + entry.path() + "'");
			}
			if (this.declared.put(entry.path(), entry) != null) {
				throw new ArchiveRefusedException("the manifest lists entry '" + entry.path() + "' twice");
			}
			this.declaredTotal = ArchiveExtractor.add(this.declaredTotal, entry.size());
		}
	}

	private void entry(TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
		String name = entry.getName();
		if (this.inner != null || this.kinds.containsKey(Manifest.ENTRY_NAME)) {
			refuse("entry '" + name + "' follows " + Manifest.ENTRY_NAME + ", which must be the last entry", entry);
			return;
		}
		String unsafe = EntrySafety.problem(entry);
		if (unsafe != null) {
			refuse(unsafe, entry);
			return;
		}
		Kind kind = entry.isDirectory() ? Kind.DIRECTORY : entry.isSymbolicLink() ? Kind.LINK : Kind.FILE;
		String misplaced = placeInTree(name, kind);
		if (misplaced != null) {
			refuse(misplaced, entry);
			return;
		}
		if (Manifest.ENTRY_NAME.equals(name)) {
			readManifest(tar, entry);
		}
		else if (kind == Kind.DIRECTORY) {
			if (this.sink != null) {
				this.sink.directory(name, entry);
			}
		}
		else if (kind == Kind.LINK) {
			// Created only after every file is written, and only once the whole chain is known.
			this.links.put(EntrySafety.bare(name), entry.getLinkName());
		}
		else {
			file(tar, entry);
		}
	}

	/**
	 * Refuses a second entry of the same name (a link then a file would write through the link) and
	 * an entry whose parent is a link or a file; records it otherwise.
	 * @return why it is refused, or {@code null} when it was recorded
	 */
	private String placeInTree(String name, Kind kind) {
		String key = EntrySafety.bare(name);
		if (this.kinds.containsKey(key)) {
			return "entry '" + name + "' appears twice in the archive";
		}
		List<String> ancestors = new ArrayList<>();
		for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
			String ancestor = key.substring(0, slash);
			Kind above = this.kinds.get(ancestor);
			if (above == Kind.LINK) {
				return "entry '" + name + "' lies under the symbolic link '" + ancestor + "'";
			}
			if (above == Kind.FILE) {
				return "entry '" + name + "' lies under the file '" + ancestor + "'";
			}
			ancestors.add(ancestor);
		}
		if (kind != Kind.DIRECTORY && this.usedAsDirectory.contains(key)) {
			return "entry '" + name + "' is a " + ((kind == Kind.LINK) ? "symbolic link" : "file")
					+ " but earlier entries lie under it";
		}
		this.kinds.put(key, kind);
		this.usedAsDirectory.addAll(ancestors);
		return null;
	}

	private void readManifest(TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
		if (entry.getSize() > MAX_MANIFEST) {
			throw new ArchiveRefusedException("entry '" + Manifest.ENTRY_NAME + "' is " + entry.getSize()
					+ " bytes, far more than any manifest Mamori writes");
		}
		byte[] json;
		try {
			json = tar.readNBytes((int) MAX_MANIFEST);
		}
		catch (IOException | RuntimeException ex) {
			throw unreadable(ex);
		}
		try {
			this.inner = ArchiveJson.read(new ByteArrayInputStream(json));
		}
		catch (IOException ex) {
			refuse("entry '" + Manifest.ENTRY_NAME + "' is unreadable: " + ex.getMessage());
		}
	}

	private void file(TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
		String name = entry.getName();
		Manifest.Entry declaredEntry = this.declared.get(name);
		if (this.expected != null && declaredEntry == null) {
			// Not read, not even skipped: nothing says how big it may be.
			throw new ArchiveRefusedException("entry '" + name + "' is not in the manifest");
		}
		long limit = (declaredEntry != null) ? declaredEntry.size() : Long.MAX_VALUE;
		if (entry.getSize() > limit) {
			throw larger(name, limit);
		}
		MessageDigest digest = ArchiveWriter.sha256();
		long size = 0;
		boolean writing = false;
		try (OutputStream out = (this.sink != null) ? this.sink.open(name, entry) : null) {
			writing = out != null;
			while (true) {
				// One byte more than the rest of the declared size: enough to notice excess, never more.
				long room = limit - size;
				int want = (room >= this.buffer.length) ? this.buffer.length : (int) room + 1;
				int n = read(tar, want);
				if (n < 0) {
					break;
				}
				if (n > room) {
					throw larger(name, limit);
				}
				size += n;
				this.bytesRead += n;
				if (this.expected != null && this.bytesRead > this.declaredTotal) {
					throw new ArchiveRefusedException("entry '" + name + "' takes the archive past the "
							+ this.declaredTotal + " bytes its manifest declares");
				}
				digest.update(this.buffer, 0, n);
				if (out != null) {
					out.write(this.buffer, 0, n);
					this.bytesWritten += n;
				}
			}
		}
		String sha256 = HexFormat.of().formatHex(digest.digest());
		this.found.put(name, new Manifest.Entry(name, size, sha256));
		if (declaredEntry != null) {
			if (size != declaredEntry.size()) {
				refuse("entry '" + name + "' has " + size + " bytes, the manifest declares " + declaredEntry.size());
				return;
			}
			if (!sha256.equalsIgnoreCase(declaredEntry.sha256())) {
				refuse("entry '" + name + "' does not match its SHA-256 in the manifest");
				return;
			}
		}
		if (writing) {
			this.sink.written(name, entry);
		}
	}

	private static ArchiveRefusedException larger(String name, long limit) {
		return new ArchiveRefusedException(
				"entry '" + name + "' is larger than the " + limit + " bytes the manifest declares");
	}

	private void end(String fileSha256) throws IOException {
		if (this.inner == null && !this.kinds.containsKey(Manifest.ENTRY_NAME)) {
			refuse("archive has no " + Manifest.ENTRY_NAME);
		}
		String checksum;
		try {
			checksum = ArchiveFiles.readChecksum(this.archive);
		}
		catch (IOException ex) {
			checksum = null;
			refuse("checksum file " + ArchiveFiles.checksumOf(this.archive).getFileName() + " is unreadable: "
					+ ex.getMessage());
		}
		if (checksum != null && !checksum.equalsIgnoreCase(fileSha256)) {
			refuse("archive file SHA-256 " + fileSha256 + " does not match "
					+ ArchiveFiles.checksumOf(this.archive).getFileName());
		}
		if (this.expected != null) {
			for (Manifest.Entry entry : this.expected.entries()) {
				if (!this.found.containsKey(entry.path())) {
					refuse("entry '" + entry.path() + "' is listed in the manifest but missing");
				}
			}
			if (this.inner != null) {
				for (String difference : ManifestComparison.differences(this.expected, this.inner)) {
					refuse(difference);
				}
			}
		}
		else if (this.inner != null) {
			compareWithInner();
		}
		for (String link : this.links.keySet()) {
			String problem = EntrySafety.linkProblem(link, this.links, EntrySafety.sourceRoot(link));
			if (problem != null) {
				refuse(problem);
			}
		}
		if (this.sink != null) {
			this.sink.finish(this.links);
		}
	}

	/** Without a sidecar, what was read can only be compared with the manifest once it is read. */
	private void compareWithInner() throws ArchiveRefusedException {
		Map<String, Manifest.Entry> listed = new LinkedHashMap<>();
		this.inner.entries().forEach((e) -> listed.put(e.path(), e));
		for (Manifest.Entry entry : listed.values()) {
			Manifest.Entry actual = this.found.get(entry.path());
			if (actual == null) {
				refuse("entry '" + entry.path() + "' is listed in the manifest but missing");
			}
			else if (actual.size() != entry.size() || !actual.sha256().equalsIgnoreCase(entry.sha256())) {
				refuse("entry '" + entry.path() + "' does not match its SHA-256 in the manifest");
			}
		}
		for (String path : this.found.keySet()) {
			if (!listed.containsKey(path)) {
				refuse("entry '" + path + "' is not in the manifest");
			}
		}
	}

	private TarArchiveEntry next(TarArchiveInputStream tar) throws ArchiveRefusedException {
		try {
			return tar.getNextEntry();
		}
		catch (IOException | RuntimeException ex) {
			throw unreadable(ex);
		}
	}

	private int read(TarArchiveInputStream tar, int length) throws ArchiveRefusedException {
		try {
			return tar.read(this.buffer, 0, length);
		}
		catch (IOException | RuntimeException ex) {
			throw unreadable(ex);
		}
	}

	/** A damaged stream, named by where it broke; write errors are not wrapped and stay I/O errors. */
	private ArchiveRefusedException unreadable(Exception ex) {
		String where = (this.current != null) ? "in entry '" + this.current + "'"
				: (this.last != null) ? "after entry '" + this.last + "'" : "at the start";
		return new ArchiveRefusedException("archive is unreadable " + where + ": " + ex.getMessage(), ex);
	}

	private InputStream counted(InputStream raw) {
		if (this.progress == null) {
			return raw;
		}
		return new FilterInputStream(raw) {

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				int n = super.read(b, off, len);
				if (n > 0) {
					CheckedArchiveReader.this.progress.accept(n);
				}
				return n;
			}

		};
	}

}
