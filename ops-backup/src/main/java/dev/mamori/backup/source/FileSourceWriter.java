package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;

/**
 * A single file such as {@code .env} or {@code config.yml}, as {@code config/<id>/<name>} with its
 * mode kept.
 */
public final class FileSourceWriter extends PathSourceHandler {

	/** A handler of single files. */
	public FileSourceWriter() {
		super("file", List.of());
	}

	@Override
	public long estimateSize(Source source) {
		return SourceWriter.sizeOf(source.path());
	}

	@Override
	public Manifest.SourceInfo write(Source source, Prepared prepared, ArchiveWriter archive, LongConsumer progress)
			throws IOException, SourceException {
		Path file = source.path();
		if (!Files.isRegularFile(file)) {
			throw new SourceException("source '" + source.id() + "': file " + file + " does not exist");
		}
		if (!Files.isReadable(file)) {
			throw new SourceException("source '" + source.id() + "': file " + file + " is not readable");
		}
		String name = "config/" + source.id() + "/" + file.getFileName();
		Manifest.Entry entry = archive.addFile(name, file, progress);
		return new Manifest.SourceInfo(source.id(), "file", file.toAbsolutePath().toString(), name, null, null, 1,
				entry.size(), List.of());
	}

	@Override
	public RestoreAction action(Source source) {
		return new RestoreAction("file-swap", "write beside it, then move the live file aside and rename the new one in");
	}

	@Override
	public String prepareStaged(Source source, Staging staging, Manifest.SourceInfo info) {
		return staging.sourceId() + ": matched its SHA-256 while written";
	}

	@Override
	public String check(Source source, Staging staging, Manifest.SourceInfo info) throws IOException, SourceException {
		if (!Files.isRegularFile(staging.livePath(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
				|| Files.size(staging.livePath()) != info.bytes()) {
			throw new SourceException(staging.sourceId() + ": " + staging.live() + " is not the restored file");
		}
		return staging.sourceId() + ": " + info.bytes() + " bytes in place";
	}

}
