package dev.mamori.backup.source;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.archive.Manifest;

/**
 * The one place that maps a source type to its handler; nothing outside this package branches on
 * the type.
 */
public final class SourceHandlers {

	private final Map<SourceType, SourceHandler> handlers = new EnumMap<>(SourceType.class);

	/**
	 * @param pgDump the pg_dump program
	 * @param pgRestore the pg_restore program
	 */
	public SourceHandlers(String pgDump, String pgRestore) {
		this(pgDump, pgRestore, SqliteCheck.FULL);
	}

	/**
	 * @param pgDump the pg_dump program
	 * @param pgRestore the pg_restore program
	 * @param sqliteCheck the check a backup's copy of an SQLite database gets before it goes into the archive
	 */
	public SourceHandlers(String pgDump, String pgRestore, SqliteCheck sqliteCheck) {
		this.handlers.put(SourceType.SQLITE, new SqliteSourceWriter(sqliteCheck));
		this.handlers.put(SourceType.POSTGRES, new PostgresSourceWriter(pgDump, pgRestore));
		this.handlers.put(SourceType.DIRECTORY, new DirectorySourceWriter());
		this.handlers.put(SourceType.FILE, new FileSourceWriter());
	}

	/**
	 * @param source a declared source
	 * @return its handler
	 */
	public SourceHandler of(Source source) {
		return this.handlers.get(source.type());
	}

	/**
	 * @param type a type as the manifest writes it ({@code sqlite}, {@code postgres}, ...)
	 * @return the type
	 * @throws IllegalArgumentException for an unknown type
	 */
	public static SourceType type(String type) {
		return SourceType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
	}

	/**
	 * A source at the location an archive recorded, for a restore on a machine with no
	 * configuration; PostgreSQL credentials come from the usual {@code PGUSER}/{@code PGPASSWORD}.
	 * @param info the manifest's record
	 * @return the source
	 */
	public static Source original(Manifest.SourceInfo info) {
		SourceType type = type(info.type());
		if (type == SourceType.POSTGRES) {
			return new Source(info.id(), type, null, "jdbc:" + info.location(), System.getenv("PGUSER"),
					System.getenv("PGPASSWORD"), List.of(), List.of(), false);
		}
		return new Source(info.id(), type, Path.of(info.location()), null, null, null, List.of(), List.of(), false);
	}

	/**
	 * A source restored somewhere else: a directory as {@code <directory>/<id>}, a file or SQLite
	 * database under its own name.
	 * @param info the manifest's record
	 * @param directory where to restore
	 * @return the source
	 * @throws SourceException for a PostgreSQL source, which has no file to put there
	 */
	public static Source retarget(Manifest.SourceInfo info, Path directory) throws SourceException {
		SourceType type = type(info.type());
		Path where = switch (type) {
			case DIRECTORY -> directory.resolve(info.id());
			case SQLITE, FILE -> directory.resolve(Path.of(info.location()).getFileName());
			case POSTGRES -> throw new SourceException("source '" + info.id()
					+ "' is a PostgreSQL database: --target restores files only; leave it out with --only");
		};
		return new Source(info.id(), type, where.toAbsolutePath(), null, null, null, List.of(), List.of(), false);
	}

}
