package dev.mamori.backup.restore;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import dev.mamori.backup.archive.ArchiveKeys;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceHandler;

/**
 * Everything one restore needs, resolved before it starts (by the server from its configuration,
 * by the CLI from the drive and the command line).
 *
 * @param runId the run (negative for the CLI)
 * @param appId the app
 * @param archive the archive to restore from
 * @param expected its sidecar manifest, which the archive's own manifest must match
 * @param parts the sources to restore, in restore order
 * @param stopCommand the command id that stops the app, or {@code null}
 * @param startCommand the command id that starts the app, or {@code null}
 * @param healthUrl the app's health URL, or {@code null}
 * @param workDir scratch space for dumps
 * @param destination where the pre-restore archive of the replaced data goes
 * @param compressionLevel zstd level of that archive
 * @param select which archive entries to write, or {@code null} for all of the parts
 * @param keys what opens an encrypted archive, and the recipients the pre-restore archive is encrypted to
 */
public record RestoreJob(long runId, String appId, Path archive, Manifest expected, List<Part> parts, String stopCommand,
		String startCommand, String healthUrl, Path workDir, Path destination, int compressionLevel,
		Predicate<String> select, ArchiveKeys keys) {

	/**
	 * A job on a plain archive, writing a plain pre-restore archive.
	 */
	public RestoreJob(long runId, String appId, Path archive, Manifest expected, List<Part> parts, String stopCommand,
			String startCommand, String healthUrl, Path workDir, Path destination, int compressionLevel,
			Predicate<String> select) {
		this(runId, appId, archive, expected, parts, stopCommand, startCommand, healthUrl, workDir, destination,
				compressionLevel, select, ArchiveKeys.NONE);
	}

	public RestoreJob {
		keys = (keys != null) ? keys : ArchiveKeys.NONE;
	}

	/**
	 * One source of the restore.
	 * @param source the declared (or retargeted) source
	 * @param handler its handler
	 * @param info the manifest's record of it
	 * @param only a glob of the files to restore inside the source, or {@code null} for all of it
	 */
	public record Part(Source source, SourceHandler handler, Manifest.SourceInfo info, String only) {

		/**
		 * @param source the declared source
		 * @param handler its handler
		 * @param info the manifest's record of it
		 */
		public Part(Source source, SourceHandler handler, Manifest.SourceInfo info) {
			this(source, handler, info, null);
		}

	}

}
