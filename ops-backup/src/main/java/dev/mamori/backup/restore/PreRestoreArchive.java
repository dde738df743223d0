package dev.mamori.backup.restore;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.archive.ArchiveKeys;
import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceException;
import dev.mamori.backup.source.SourceHandler;
import dev.mamori.backup.source.SourceWriter;

/**
 * Writes the {@code pre-restore} archive: what a restore replaced, read from where it was moved
 * aside, in the ordinary archive format, tagged so retention keeps it its own number of days and
 * {@code --latest} never picks it. A database too damaged to read goes in as raw bytes, said so in
 * the manifest.
 *
 * @param workDir scratch space for database copies
 * @param mamoriVersion recorded in the manifest
 * @param knownNames archive names in use although not on the destination (app id, name): the catalog's
 * snapshots whose file is gone, copies held only off-site; the archive never takes one of them
 */
public record PreRestoreArchive(Path workDir, String mamoriVersion,
		java.util.function.BiPredicate<String, String> knownNames) {

	/**
	 * Without a catalog (the command line on a bare machine): only the destination's names are taken.
	 * @param workDir scratch space for database copies
	 * @param mamoriVersion recorded in the manifest
	 */
	public PreRestoreArchive(Path workDir, String mamoriVersion) {
		this(workDir, mamoriVersion, (app, name) -> false);
	}

	/** The tag of these archives. */
	public static final String TAG = "pre-restore";

	/**
	 * @param appId the app
	 * @param asides the replaced data of each source
	 * @param destination where the archive goes
	 * @param compressionLevel zstd level
	 * @return the archive written
	 */
	public Path write(String appId, List<Aside> asides, Path destination, int compressionLevel)
			throws IOException, SourceException {
		return write(appId, asides, destination, compressionLevel, ArchiveKeys.NONE);
	}

	/**
	 * Writes the archive, age-encrypted when the keys name recipients (as the app's backups are).
	 * @param appId the app
	 * @param asides the replaced data of each source
	 * @param destination where the archive goes
	 * @param compressionLevel zstd level
	 * @param keys the recipients, none for a plain archive
	 * @return the archive written
	 */
	public Path write(String appId, List<Aside> asides, Path destination, int compressionLevel, ArchiveKeys keys)
			throws IOException, SourceException {
		ZoneId zone = ZoneId.systemDefault();
		Instant now = Instant.now();
		try (ArchiveWriter writer = ArchiveWriter.createNext(destination, appId, LocalDateTime.ofInstant(now, zone),
				compressionLevel, Math.max(1, Runtime.getRuntime().availableProcessors()), keys,
				(name) -> this.knownNames.test(appId, name))) {
			List<Manifest.SourceInfo> infos = new ArrayList<>();
			Map<String, String> tools = new LinkedHashMap<>();
			for (Aside aside : asides) {
				try (SourceWriter.Prepared prepared = aside.handler().prepareRaw(aside.source(), this.workDir)) {
					Manifest.SourceInfo info = aside.handler().write(aside.source(), prepared, writer, (n) -> {
					});
					// Where it came from, not where it waited.
					infos.add(new Manifest.SourceInfo(info.id(), info.type(), aside.originalLocation(), info.entryPrefix(),
							info.engineVersion(), info.rowCounts(), info.files(), info.bytes(), info.warnings()));
					tools.putAll(aside.handler().tools(aside.source(), info));
				}
			}
			Manifest manifest = new Manifest(Manifest.FORMAT, appId, appId, now, zone.getId(), host(), this.mamoriVersion,
					List.of(TAG), tools, infos, List.of());
			return writer.finish(manifest).path();
		}
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/**
	 * One source's replaced data.
	 * @param source a source reading the moved-aside copy
	 * @param handler its handler
	 * @param originalLocation the live location it was replaced at
	 */
	public record Aside(Source source, SourceHandler handler, String originalLocation) {
	}

}
