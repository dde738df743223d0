package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;


/**
 * What the handlers of sources on disk (SQLite file, directory, single file) share: the live path
 * is swapped by rename with {@link PathSwap}, together with the files that belong to it (an SQLite
 * database's {@code -wal} and {@code -shm}).
 */
abstract class PathSourceHandler implements SourceHandler {

	private final String type;

	private final List<String> siblings;

	/**
	 * @param type the type as the manifest writes it
	 * @param siblings suffixes of files that move with the live one
	 */
	PathSourceHandler(String type, List<String> siblings) {
		this.type = type;
		this.siblings = siblings;
	}

	@Override
	public String target(Source source) {
		return source.path().toString();
	}

	@Override
	public long currentSize(Source source) {
		return PathSwap.size(source.path());
	}

	@Override
	public Staging stage(Source source, long runId, Path workDir) throws IOException {
		return PathSwap.stage(source.id(), this.type, source.path(), runId);
	}

	@Override
	public String swap(Source source, Staging staging) throws IOException {
		PathSwap.swap(staging, this.siblings);
		return "replaced " + staging.live();
	}

	@Override
	public void undo(Source source, Staging staging) throws IOException {
		PathSwap.undo(staging, this.siblings);
	}

	@Override
	public Source aside(Source source, Staging staging) {
		// Unreadable files of the replaced data are skipped, not fatal: the archive keeps the rest.
		return PathSwap.asideExists(staging) ? new Source(staging.sourceId(), source.type(), staging.asidePath(), null, null,
				null, List.of(), List.of(), true) : null;
	}

	@Override
	public void discard(Source source, Staging staging) throws IOException {
		PathSwap.discard(staging, this.siblings);
	}

}
