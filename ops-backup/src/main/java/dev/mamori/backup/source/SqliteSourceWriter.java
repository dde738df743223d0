package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;

/**
 * Copies an SQLite database with the online backup API while the app keeps writing (WAL-safe:
 * the copy is one consistent read), checks the copy ({@code PRAGMA quick_check} or
 * {@code integrity_check}, see {@link SqliteCheck}) and counts its rows before it goes into the archive
 * as {@code db/<id>.sqlite}. A staged copy about to be restored, or restored by a drill, always gets the
 * full {@code integrity_check}.
 */
public final class SqliteSourceWriter extends PathSourceHandler {

	private final SqliteCheck backupCheck;

	/** A handler of SQLite databases whose backups run the full {@code integrity_check}. */
	public SqliteSourceWriter() {
		this(SqliteCheck.FULL);
	}

	/**
	 * A handler of SQLite databases; the {@code -wal} and {@code -shm} files move with the database.
	 * @param backupCheck the check a backup's copy gets before it goes into the archive
	 */
	public SqliteSourceWriter(SqliteCheck backupCheck) {
		super("sqlite", List.of("-wal", "-shm"));
		this.backupCheck = backupCheck;
	}

	@Override
	public long estimateSize(Source source) {
		return SourceWriter.sizeOf(source.path());
	}

	@Override
	public boolean preparesSlowly() {
		return true;
	}

	@Override
	public Prepared prepare(Source source, Path workDir) throws IOException, SourceException {
		Path path = source.path();
		if (!Files.isRegularFile(path)) {
			throw new SourceException("source '" + source.id() + "': SQLite database " + path + " does not exist");
		}
		Files.createDirectories(workDir);
		Path copy = workDir.resolve("sqlite-" + source.id() + "-" + UUID.randomUUID() + ".sqlite");
		try {
			String version = copy(path, copy, source.id());
			check(copy, source.id(), this.backupCheck);
			return new Prepared(copy, version, countRows(copy, source.id()));
		}
		catch (SourceException | RuntimeException ex) {
			Files.deleteIfExists(copy);
			throw ex;
		}
	}

	@Override
	public Manifest.SourceInfo write(Source source, Prepared prepared, ArchiveWriter archive, LongConsumer progress)
			throws IOException {
		String name = "db/" + source.id() + ".sqlite";
		Manifest.Entry entry = archive.addFile(name, prepared.file(), progress);
		return new Manifest.SourceInfo(source.id(), "sqlite", source.path().toAbsolutePath().toString(), name,
				prepared.engineVersion(), prepared.rowCounts(), 1, entry.size(),
				(prepared.note() != null) ? List.of(prepared.note()) : List.of());
	}

	/**
	 * A database that cannot be read (the damage a restore repairs) is kept as its raw bytes, so the
	 * pre-restore archive still holds exactly what was replaced.
	 */
	@Override
	public Prepared prepareRaw(Source source, Path workDir) throws IOException, SourceException {
		try {
			return prepare(source, workDir);
		}
		catch (SourceException ex) {
			Files.createDirectories(workDir);
			Path copy = workDir.resolve("sqlite-raw-" + source.id() + "-" + UUID.randomUUID() + ".sqlite");
			Files.copy(source.path(), copy);
			return new Prepared(copy, null, null, "raw bytes: the database could not be read as SQLite ("
					+ ex.getMessage() + ")");
		}
	}

	@Override
	public Map<String, String> tools(Source source, Manifest.SourceInfo info) {
		// Which check the copy passed before it went in: the manifest says what GOOD meant for it.
		return (info.engineVersion() != null)
				? Map.of("sqlite", info.engineVersion(), "sqlite-check", this.backupCheck.pragma()) : Map.of();
	}

	@Override
	public RestoreAction action(Source source) {
		return new RestoreAction("sqlite-swap", "write and integrity_check a copy beside the database while the app runs; "
				+ "then move the live file (with its -wal/-shm) aside and rename the copy in");
	}

	@Override
	public String prepareStaged(Source source, Staging staging, Manifest.SourceInfo info) throws SourceException {
		Map<String, Long> rows = checkAndCount(staging.stagedPath(), staging.sourceId());
		compareRows(staging.sourceId(), info.rowCounts(), rows);
		return staging.sourceId() + ": integrity_check ok, " + rows.size() + " tables";
	}

	@Override
	public String swap(Source source, Staging staging) throws IOException {
		return super.swap(source, staging) + (staging.hadLive() ? " (previous file and its -wal/-shm moved aside)" : "");
	}

	@Override
	public String check(Source source, Staging staging, Manifest.SourceInfo info) throws SourceException {
		if (Files.exists(PathSwap.sibling(staging.livePath(), "-wal"))) {
			throw new SourceException(staging.sourceId() + ": a -wal file appeared beside the restored database");
		}
		Map<String, Long> rows = countRows(staging.livePath(), staging.sourceId());
		compareRows(staging.sourceId(), info.rowCounts(), rows);
		return staging.sourceId() + ": " + rows.size() + " tables with the snapshot's row counts";
	}

	static void compareRows(String id, Map<String, Long> expected, Map<String, Long> actual) throws SourceException {
		if (expected != null && !expected.equals(actual)) {
			throw new SourceException(id + ": row counts " + actual + " differ from the snapshot's " + expected);
		}
	}

	private static String copy(Path source, Path target, String id) throws SourceException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + source);
				Statement statement = connection.createStatement()) {
			String version;
			try (ResultSet rs = statement.executeQuery("select sqlite_version()")) {
				rs.next();
				version = rs.getString(1);
			}
			String targetPath = target.toAbsolutePath().toString();
			if (targetPath.matches("[^\\s'\"]+")) {
				// The driver's online backup command takes a bare path.
				statement.executeUpdate("backup to " + targetPath);
			}
			else {
				statement.executeUpdate("vacuum into '" + targetPath.replace("'", "''") + "'");
			}
			return version;
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + id + "': could not copy SQLite database " + source + ": "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * @param database an SQLite file
	 * @param id the source id, for messages
	 * @return rows per table
	 */
	public static Map<String, Long> checkAndCount(Path database, String id) throws SourceException {
		integrityCheck(database, id);
		return countRows(database, id);
	}

	/**
	 * Runs {@code PRAGMA integrity_check}.
	 * @param database an SQLite file
	 * @param id the source id, for messages
	 * @throws SourceException naming the problems when it is not {@code ok}
	 */
	public static void integrityCheck(Path database, String id) throws SourceException {
		check(database, id, SqliteCheck.FULL);
	}

	/**
	 * Runs {@code PRAGMA quick_check} or {@code PRAGMA integrity_check}.
	 * @param database an SQLite file
	 * @param id the source id, for messages
	 * @param check which
	 * @throws SourceException naming the problems when it is not {@code ok}
	 */
	public static void check(Path database, String id, SqliteCheck check) throws SourceException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
				Statement statement = connection.createStatement()) {
			List<String> problems = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery("pragma " + check.pragma())) {
				while (rs.next()) {
					problems.add(rs.getString(1));
				}
			}
			if (!problems.equals(List.of("ok"))) {
				throw new SourceException("source '" + id + "': " + check.pragma() + " failed: " + String.join("; ", problems));
			}
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + id + "': SQLite copy is not readable: " + ex.getMessage(), ex);
		}
	}

	/**
	 * @param database an SQLite file
	 * @param id the source id, for messages
	 * @return the row count of each table, by name
	 * @throws SourceException when the file is not a readable database
	 */
	public static Map<String, Long> countRows(Path database, String id) throws SourceException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
				Statement statement = connection.createStatement()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery(
					"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")) {
				while (rs.next()) {
					tables.add(rs.getString(1));
				}
			}
			Map<String, Long> rows = new LinkedHashMap<>();
			for (String table : tables) {
				try (ResultSet rs = statement.executeQuery("select count(*) from \"" + table.replace("\"", "\"\"") + "\"")) {
					rs.next();
					rows.put(table, rs.getLong(1));
				}
			}
			return rows;
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + id + "': SQLite copy is not readable: " + ex.getMessage(), ex);
		}
	}

}
