package dev.mamori.backup.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Re-reads a whole archive: the file against its {@code .sha256}, every entry against the manifest
 * inside, and every entry name and link against escaping its target. Nothing is extracted.
 */
public final class ArchiveVerifier {

	private ArchiveVerifier() {
	}

	/**
	 * @param archive the {@code .tar.zst} file
	 * @param progress told about every chunk of archive bytes read
	 * @return the outcome, with every problem found
	 */
	public static Verification verify(Path archive, LongConsumer progress) {
		List<String> problems = new ArrayList<>();
		Map<String, Manifest.Entry> found = new LinkedHashMap<>();
		Manifest manifest = null;
		String current = null;
		String last = null;
		// The file's own checksum is computed on another core while this thread decompresses.
		java.util.concurrent.CompletableFuture<String> fileHash = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> hashFile(archive));
		try (InputStream raw = Files.newInputStream(archive);
				InputStream counted = new CountingInputStream(raw, progress);
				InputStream hashed = new BufferedInputStream(counted, 1 << 20);
				ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(hashed);
				TarArchiveInputStream tar = new TarArchiveInputStream(zstd, "UTF-8")) {
			byte[] buffer = new byte[1 << 20];
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				current = entry.getName();
				String unsafe = EntrySafety.problem(entry);
				if (unsafe != null) {
					problems.add(unsafe);
				}
				if (Manifest.ENTRY_NAME.equals(current)) {
					manifest = ArchiveJson.read(new ByteArrayInputStream(tar.readAllBytes()));
				}
				else if (!entry.isDirectory() && !entry.isSymbolicLink() && !entry.isLink()) {
					MessageDigest digest = ArchiveWriter.sha256();
					long size = 0;
					int n;
					while ((n = tar.read(buffer)) > 0) {
						digest.update(buffer, 0, n);
						size += n;
					}
					found.put(current, new Manifest.Entry(current, size, HexFormat.of().formatHex(digest.digest())));
				}
				last = current;
				current = null;
			}
			// Read to the end so the zstd frame checksum covers every byte.
			zstd.transferTo(OutputStreamSink.INSTANCE);
		}
		catch (IOException | RuntimeException ex) {
			String where = (current != null) ? "in entry '" + current + "'"
					: (last != null) ? "after entry '" + last + "'" : "at the start";
			problems.add("archive is unreadable " + where + ": " + ex.getMessage());
			if (manifest != null) {
				// Name the entries whose content no longer matches, not just where reading stopped.
				compare(manifest, found, new ArrayList<>()).forEach(problems::add);
			}
			return new Verification(false, problems, found.size(), manifest);
		}
		String expectedFile;
		try {
			expectedFile = ArchiveFiles.readChecksum(archive);
		}
		catch (IOException ex) {
			expectedFile = null;
			problems.add("checksum file unreadable: " + ex.getMessage());
		}
		String actualFile = fileHash.join();
		if (expectedFile != null && !expectedFile.equalsIgnoreCase(actualFile)) {
			problems.add("archive file SHA-256 " + actualFile + " does not match " + ArchiveFiles.checksumOf(archive).getFileName());
		}
		if (manifest == null) {
			problems.add("archive has no " + Manifest.ENTRY_NAME);
		}
		else {
			compare(manifest, found, problems);
		}
		return new Verification(problems.isEmpty(), problems, found.size(), manifest);
	}

	private static String hashFile(Path archive) {
		MessageDigest digest = ArchiveWriter.sha256();
		byte[] buffer = new byte[1 << 20];
		try (InputStream in = Files.newInputStream(archive)) {
			int n;
			while ((n = in.read(buffer)) > 0) {
				digest.update(buffer, 0, n);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			return "unreadable: " + ex.getMessage();
		}
	}

	private static List<String> compare(Manifest manifest, Map<String, Manifest.Entry> found, List<String> problems) {
		Map<String, Manifest.Entry> expected = new LinkedHashMap<>();
		manifest.entries().forEach((e) -> expected.put(e.path(), e));
		expected.forEach((path, entry) -> {
			Manifest.Entry actual = found.get(path);
			if (actual == null) {
				problems.add("entry '" + path + "' is listed in the manifest but missing");
			}
			else if (actual.size() != entry.size() || !actual.sha256().equalsIgnoreCase(entry.sha256())) {
				problems.add("entry '" + path + "' does not match its SHA-256 in the manifest");
			}
		});
		found.keySet()
			.stream()
			.filter((path) -> !expected.containsKey(path))
			.forEach((path) -> problems.add("entry '" + path + "' is not in the manifest"));
		return problems;
	}

	/**
	 * @param intact whether nothing was wrong
	 * @param problems what was wrong, naming entries
	 * @param entriesChecked file entries read and hashed
	 * @param manifest the manifest inside, if it could be read
	 */
	public record Verification(boolean intact, List<String> problems, int entriesChecked, Manifest manifest) {
	}

	private static final class CountingInputStream extends java.io.FilterInputStream {

		private final LongConsumer progress;

		CountingInputStream(InputStream in, LongConsumer progress) {
			super(in);
			this.progress = progress;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0) {
				this.progress.accept(n);
			}
			return n;
		}

	}

	private static final class OutputStreamSink extends java.io.OutputStream {

		static final OutputStreamSink INSTANCE = new OutputStreamSink();

		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] b, int off, int len) {
		}

	}

}
