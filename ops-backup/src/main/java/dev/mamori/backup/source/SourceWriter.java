package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;

/**
 * Puts one source into an archive, in two steps: {@link #prepare} does the slow work that does not
 * touch the archive (a consistent database copy, its check, its row counts) and may run on another
 * thread while other sources stream; {@link #write} streams the result into the archive.
 */
public interface SourceWriter {

	/**
	 * @param source the declared source
	 * @return roughly how many bytes it will add before compression, for progress
	 */
	long estimateSize(Source source);

	/**
	 * @param file a file
	 * @return its size, or 0 when it cannot be read (the run reports that later, with context)
	 */
	static long sizeOf(Path file) {
		try {
			return java.nio.file.Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * @return whether {@link #prepare} does enough work to be worth running beside other sources
	 */
	default boolean preparesSlowly() {
		return false;
	}

	/**
	 * Does the work before streaming; the default does nothing.
	 * @param source the declared source
	 * @param workDir scratch space for copies
	 * @return what {@link #write} needs; close it to delete scratch files
	 */
	default Prepared prepare(Source source, Path workDir) throws IOException, SourceException {
		return Prepared.NONE;
	}

	/**
	 * Streams the source's entries.
	 * @param source the declared source
	 * @param prepared what {@link #prepare} returned
	 * @param archive the archive being written
	 * @param progress told about every chunk of bytes written
	 * @return what the manifest records about it
	 */
	Manifest.SourceInfo write(Source source, Prepared prepared, ArchiveWriter archive, LongConsumer progress)
			throws IOException, SourceException;

	/**
	 * Both steps in one, for callers that do not overlap sources.
	 * @param source the declared source
	 * @param archive the archive being written
	 * @param workDir scratch space
	 * @param progress told about every chunk of bytes written
	 * @return what the manifest records about it
	 */
	default Manifest.SourceInfo write(Source source, ArchiveWriter archive, Path workDir, LongConsumer progress)
			throws IOException, SourceException {
		try (Prepared prepared = prepare(source, workDir)) {
			return write(source, prepared, archive, progress);
		}
	}

	/**
	 * The result of {@link #prepare}: a scratch file and what is known about it.
	 * @param file the prepared copy, or {@code null}
	 * @param engineVersion database version
	 * @param rowCounts rows per table
	 * @param note what the manifest should say about how the copy was made (such as raw bytes of an
	 * unreadable database), or {@code null}
	 */
	record Prepared(Path file, String engineVersion, java.util.Map<String, Long> rowCounts, String note)
			implements AutoCloseable {

		/** Nothing prepared. */
		public static final Prepared NONE = new Prepared(null, null, null);

		/**
		 * @param file the prepared copy, or {@code null}
		 * @param engineVersion database version
		 * @param rowCounts rows per table
		 */
		public Prepared(Path file, String engineVersion, java.util.Map<String, Long> rowCounts) {
			this(file, engineVersion, rowCounts, null);
		}

		@Override
		public void close() throws IOException {
			if (this.file != null) {
				java.nio.file.Files.deleteIfExists(this.file);
			}
		}

	}

}
