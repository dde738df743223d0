package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

import dev.mamori.backup.AppsProperties.Source;
import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;

/**
 * Puts one source into an archive.
 */
public interface SourceWriter {

	/**
	 * @param source the declared source
	 * @return roughly how many bytes it will add before compression, for progress
	 */
	long estimateSize(Source source);

	/**
	 * Writes the source's entries.
	 * @param source the declared source
	 * @param archive the archive being written
	 * @param workDir scratch space for copies that must be complete before they are streamed
	 * @param progress told about every chunk of bytes written
	 * @return what the manifest records about it
	 */
	Manifest.SourceInfo write(Source source, ArchiveWriter archive, Path workDir, LongConsumer progress)
			throws IOException, SourceException;

}
