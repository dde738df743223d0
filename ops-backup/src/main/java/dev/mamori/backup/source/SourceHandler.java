package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import dev.mamori.backup.archive.Manifest;

/**
 * Everything Mamori knows about one kind of source, in both directions: it writes the source into
 * an archive ({@link SourceWriter}) and it stages, swaps in, undoes, checks and sizes a restore of
 * it. The restore orchestrator only sequences these calls; every rule of a source type lives in its
 * handler. Undo and finish work from the {@link Staging} alone, so they also run after a crash.
 */
public interface SourceHandler extends SourceWriter {

	/**
	 * @param source the declared source
	 * @return what a restore replaces, for people: a path, or a database without credentials
	 */
	String target(Source source);

	/**
	 * @param source the declared source
	 * @return the current size in bytes, or -1 when the live data does not exist
	 */
	long currentSize(Source source);

	/**
	 * @param source the declared source
	 * @return how a restore of it works
	 */
	RestoreAction action(Source source);

	/**
	 * Chooses the staging and aside locations and creates nothing live.
	 * @param source the declared source (its location may be retargeted)
	 * @param runId the restore run, to name staging locations
	 * @param workDir scratch space for dumps
	 * @return the staging, to be journaled before anything is written
	 */
	Staging stage(Source source, long runId, Path workDir) throws IOException, SourceException;

	/**
	 * Like {@link #stage(Source, long, Path)}, for a restore of only some files of the source: those
	 * are put in place one by one, the others stay as they are.
	 * @param source the declared source
	 * @param runId the restore run
	 * @param workDir scratch space
	 * @param only a glob relative to the source's root, such as {@code photos/2024/**}, or {@code null}
	 * for the whole source
	 * @return the staging
	 */
	default Staging stage(Source source, long runId, Path workDir, String only) throws IOException, SourceException {
		if (only != null) {
			throw new SourceException("source '" + source.id() + "' is one " + source.type().name().toLowerCase(java.util.Locale.ROOT)
					+ ": there are no files inside it to choose with ':" + only + "'");
		}
		return stage(source, runId, workDir);
	}

	/**
	 * @param staging the staging
	 * @return where the extractor writes this source's entries (a file, a directory, or a dump file)
	 */
	default Path extractTo(Staging staging) {
		return staging.stagedPath();
	}

	/**
	 * Checks (and for databases, loads) what the extractor wrote, while the app still runs; may run
	 * on another core while other sources extract.
	 * @param source the declared source
	 * @param staging the staging
	 * @param info the manifest's record of the source
	 * @return a short sentence for the run's record
	 */
	String prepareStaged(Source source, Staging staging, Manifest.SourceInfo info) throws IOException, SourceException;

	/**
	 * Puts the staged data live: the live data moves aside first. Called with the service stopped.
	 * @param source the declared source
	 * @param staging the staging
	 * @return a short sentence for the run's record
	 */
	String swap(Source source, Staging staging) throws IOException, SourceException;

	/**
	 * Puts the aside data back; idempotent, works from the file system's or database's state, so it
	 * also finishes an undo interrupted by a crash. Removes the staged data.
	 * @param source the declared source, or {@code null} after a crash when only the staging is known
	 * @param staging the staging
	 */
	void undo(Source source, Staging staging) throws IOException, SourceException;

	/**
	 * After the swap: the live data against the manifest.
	 * @param source the declared source
	 * @param staging the staging
	 * @param info the manifest's record of the source
	 * @return a short sentence for the run's record
	 */
	String check(Source source, Staging staging, Manifest.SourceInfo info) throws IOException, SourceException;

	/**
	 * The moved-aside data as a source to write into the {@code pre-restore} archive, or
	 * {@code null} when nothing was there.
	 * @param source the declared source
	 * @param staging the staging
	 * @return a source with the same id reading the aside copy
	 */
	Source aside(Source source, Staging staging);

	/**
	 * Removes staging and aside leftovers once they are not needed; idempotent.
	 * @param source the declared source, or {@code null} after a crash
	 * @param staging the staging
	 */
	void discard(Source source, Staging staging) throws IOException, SourceException;

	/**
	 * Prepares a source for the {@code pre-restore} archive: like {@link #prepare}, but data that
	 * cannot be read as a database is kept as raw bytes rather than lost (the default prepares
	 * normally).
	 * @param source the aside source
	 * @param workDir scratch space
	 * @return what {@link #write} needs
	 */
	default Prepared prepareRaw(Source source, Path workDir) throws IOException, SourceException {
		return prepare(source, workDir);
	}

	/**
	 * @param source the declared source
	 * @param info what the manifest recorded
	 * @return tool versions to record in the manifest, such as {@code pg_dump}
	 */
	default Map<String, String> tools(Source source, Manifest.SourceInfo info) {
		return Map.of();
	}

	/**
	 * How a restore of a source works, for the plan.
	 * @param code a stable code for translations: sqlite-swap, directory-swap, file-swap,
	 * postgres-rename, postgres-transaction
	 * @param text the same in English
	 */
	record RestoreAction(String code, String text) {
	}

}
