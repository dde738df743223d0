package dev.mamori.backup.archive;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an archive holds, as {@code manifest.json} (the last tar entry) and the sidecar
 * {@code <name>.manifest.json}.
 *
 * @param format always {@value #FORMAT}
 * @param app the app id
 * @param appName the app's display name
 * @param createdAt when the backup started
 * @param zone the server's time zone, as in the file name
 * @param host the server's host name
 * @param mamoriVersion the Mamori version that wrote it
 * @param tags labels such as {@code pre-restore}
 * @param tools versions of the tools used (pg_dump, sqlite)
 * @param sources one per source, in restore order
 * @param entries every file entry with its size and SHA-256
 */
public record Manifest(String format, String app, String appName, Instant createdAt, String zone, String host,
		String mamoriVersion, List<String> tags, Map<String, String> tools, List<SourceInfo> sources,
		List<Entry> entries) {

	/** The format identifier of this version. */
	public static final String FORMAT = "mamori-archive/1";

	/** The manifest's entry name inside the archive. */
	public static final String ENTRY_NAME = "manifest.json";

	/**
	 * @param id source id
	 * @param type source type, lower case
	 * @param location where it came from: a path, or the JDBC URL without credentials
	 * @param entryPrefix where its entries are in the archive
	 * @param engineVersion database server or library version
	 * @param rowCounts rows per table, for databases
	 * @param files number of file entries
	 * @param bytes total size of its entries
	 * @param warnings files skipped as unreadable when allowed
	 */
	public record SourceInfo(String id, String type, String location, String entryPrefix, String engineVersion,
			Map<String, Long> rowCounts, long files, long bytes, List<String> warnings) {
	}

	/**
	 * @param path entry name in the tar
	 * @param size bytes
	 * @param sha256 hex digest of the content
	 */
	public record Entry(String path, long size, String sha256) {
	}

}
