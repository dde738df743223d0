package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mamori.backup.archive.Manifest;

/**
 * The restore side of a PostgreSQL source. When the role may create databases and owns the live
 * one, the dump is restored into a new database while the app still runs and the swap is two
 * {@code ALTER DATABASE … RENAME} in one transaction (rollback: the same, backwards). Otherwise the
 * live database is dumped first and replaced by {@code pg_restore --single-transaction} (all or
 * nothing), and the rollback restores that dump.
 */
final class PostgresRestore {

	private static final long RESTORE_TIMEOUT_SECONDS = 6 * 3600;

	private final String pgDump;

	private final String pgRestore;

	PostgresRestore(String pgDump, String pgRestore) {
		this.pgDump = pgDump;
		this.pgRestore = pgRestore;
	}

	Staging stage(Source source, long runId, Path workDir) throws IOException, SourceException {
		PostgresLocation location = PostgresSourceWriter.location(source);
		Files.createDirectories(workDir);
		String db = location.database();
		Path dump = workDir.resolve("restore-" + runId + "-" + source.id() + ".pgdump");
		try (Connection connection = maintenance(source)) {
			boolean exists = databaseExists(connection, db);
			if (mayRename(connection, db)) {
				String aside = name(db, "aside", runId);
				// A database set aside by an earlier run that could not finish is never reused.
				for (int n = 2; databaseExists(connection, aside); n++) {
					aside = name(db, "aside", runId) + "_" + n;
				}
				return new Staging(source.id(), "postgres", db, name(db, "restore", runId), aside, exists, dump.toString());
			}
			if (!exists) {
				throw new SourceException("source '" + source.id() + "': database '" + db + "' does not exist and user '"
						+ PostgresSourceWriter.username(source) + "' may not create it; create it first");
			}
			return new Staging(source.id(), "postgres", db, null, null, true, dump.toString());
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + source.id() + "': cannot reach PostgreSQL to plan the restore: "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * @param source the declared source
	 * @return whether the restore can swap databases by rename, or {@code null} when the server
	 * cannot be reached now
	 */
	Boolean mayRename(Source source) {
		try (Connection connection = maintenance(source)) {
			return mayRename(connection, PostgresLocation.parse(source.url()).database());
		}
		catch (SQLException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static boolean mayRename(Connection connection, String db) throws SQLException {
		boolean exists = databaseExists(connection, db);
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select rolsuper, rolcreatedb from pg_roles where rolname = current_user")) {
			rs.next();
			return rs.getBoolean(1) || (rs.getBoolean(2) && (!exists || owns(connection, db)));
		}
	}

	String prepareStaged(Source source, Staging staging, Manifest.SourceInfo info) throws IOException, SourceException {
		Path dump = Path.of(staging.work());
		if (staging.staged() == null) {
			// No right to rename: keep today's data as a dump, the rollback restores it.
			Path before = preRestoreDump(staging);
			run(List.of(this.pgDump, "--format=custom", "--compress=1", "--no-password", hostArg(source), portArg(source),
					"--username=" + PostgresSourceWriter.username(source), "--dbname=" + staging.live(), "--file=" + before),
					source, "pg_dump of the live database");
			return staging.sourceId() + ": live database dumped for the rollback; it will be replaced in one transaction";
		}
		try (Connection connection = maintenance(source); Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + quote(staging.staged()));
			statement.execute("create database " + quote(staging.staged()));
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + source.id() + "': cannot create the staging database: " + ex.getMessage(), ex);
		}
		restore(source, staging.staged(), dump, false);
		Map<String, Long> rows = count(withDatabase(source, staging.staged()), rowTables(info));
		SqliteSourceWriter.compareRows(source.id(), info.rowCounts(), rows);
		return staging.sourceId() + ": restored into the new database " + staging.staged() + ", " + rows.size()
				+ " tables with the snapshot's row counts";
	}

	String swap(Source source, Staging staging) throws IOException, SourceException {
		if (staging.staged() == null) {
			restore(source, staging.live(), Path.of(staging.work()), true);
			return "pg_restore --clean --single-transaction into " + staging.live();
		}
		try (Connection connection = maintenance(source)) {
			disconnectOthers(connection, staging.live());
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				if (databaseExists(connection, staging.live())) {
					statement.execute("alter database " + quote(staging.live()) + " rename to " + quote(staging.aside()));
				}
				statement.execute("alter database " + quote(staging.staged()) + " rename to " + quote(staging.live()));
			}
			connection.commit();
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + source.id() + "': the database rename failed (nothing changed): "
					+ ex.getMessage(), ex);
		}
		return "database " + staging.staged() + " renamed to " + staging.live()
				+ (staging.hadLive() ? "; the previous one is kept as " + staging.aside() : "");
	}

	void undo(Source source, Staging staging) throws IOException, SourceException {
		if (staging.staged() == null) {
			Path before = preRestoreDump(staging);
			if (Files.exists(before)) {
				restore(source, staging.live(), before, true);
			}
			return;
		}
		String trash = staging.aside().replace("_mamori_aside_", "_mamori_trash_");
		try (Connection connection = maintenance(source)) {
			boolean asideThere = databaseExists(connection, staging.aside());
			boolean liveThere = databaseExists(connection, staging.live());
			boolean ours = asideThere ? liveThere
					: (!staging.hadLive() && liveThere && !databaseExists(connection, staging.staged()));
			disconnectOthers(connection, staging.live());
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				if (ours) {
					statement.execute("alter database " + quote(staging.live()) + " rename to " + quote(trash));
				}
				if (asideThere) {
					statement.execute("alter database " + quote(staging.aside()) + " rename to " + quote(staging.live()));
				}
			}
			connection.commit();
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("drop database if exists " + quote(trash));
				statement.execute("drop database if exists " + quote(staging.staged()));
			}
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + source.id() + "': could not put the previous database back: "
					+ ex.getMessage(), ex);
		}
	}

	String check(Source source, Staging staging, Manifest.SourceInfo info) throws SourceException {
		Map<String, Long> rows = count(withDatabase(source, staging.live()), rowTables(info));
		SqliteSourceWriter.compareRows(source.id(), info.rowCounts(), rows);
		return source.id() + ": " + rows.size() + " tables with the snapshot's row counts";
	}

	Source aside(Source source, Staging staging) {
		if (staging.staged() == null) {
			Path before = preRestoreDump(staging);
			return Files.exists(before) ? new Source(source.id(), source.type(), before, null, source.username(),
					source.password(), List.of(), List.of(), false) : null;
		}
		try (Connection connection = maintenance(source)) {
			return databaseExists(connection, staging.aside()) ? withDatabase(source, staging.aside()) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	void discard(Source source, Staging staging) throws IOException, SourceException {
		Files.deleteIfExists(Path.of(staging.work()));
		Files.deleteIfExists(preRestoreDump(staging));
		if (staging.staged() == null) {
			return;
		}
		try (Connection connection = maintenance(source); Statement statement = connection.createStatement()) {
			for (String db : List.of(staging.staged(), staging.aside(),
					staging.aside().replace("_mamori_aside_", "_mamori_trash_"))) {
				disconnectOthers(connection, db);
				statement.execute("drop database if exists " + quote(db));
			}
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + source.id() + "': could not drop the restore's leftover databases: "
					+ ex.getMessage(), ex);
		}
	}

	long currentSize(Source source) {
		try (Connection connection = PostgresSourceWriter.connect(source);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select pg_database_size(current_database())")) {
			rs.next();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			return -1;
		}
	}

	static Map<String, Long> count(Source source, Set<String> tables) throws SourceException {
		Map<String, Long> counts = new LinkedHashMap<>();
		try (Connection connection = PostgresSourceWriter.connect(source); Statement statement = connection.createStatement()) {
			for (String table : tables) {
				String[] parts = table.split("\\.", 2);
				try (ResultSet rs = statement.executeQuery("select count(*) from " + quote(parts[0]) + "." + quote(parts[1]))) {
					rs.next();
					counts.put(table, rs.getLong(1));
				}
				catch (SQLException ex) {
					// A table the snapshot had and the database lacks: the counts will differ.
					counts.put(table, -1L);
				}
			}
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + source.id() + "': cannot count rows: " + ex.getMessage(), ex);
		}
		return counts;
	}

	/**
	 * @param source a declared source
	 * @param database another database on the same server
	 * @return the same source pointing at that database
	 */
	static Source withDatabase(Source source, String database) {
		String url = source.url();
		int query = url.indexOf('?');
		String tail = (query >= 0) ? url.substring(query) : "";
		PostgresLocation location = PostgresLocation.parse(url);
		String changed = "jdbc:postgresql://" + location.host() + ":" + location.port() + "/" + database + tail;
		return new Source(source.id(), source.type(), source.path(), changed, source.username(), source.password(),
				source.include(), source.exclude(), source.ignoreUnreadable());
	}

	private void restore(Source source, String database, Path dump, boolean clean) throws IOException, SourceException {
		List<String> argv = new ArrayList<>(List.of(this.pgRestore));
		if (clean) {
			argv.addAll(List.of("--clean", "--if-exists"));
		}
		argv.addAll(List.of("--single-transaction", "--no-owner", "--exit-on-error", "--no-password", hostArg(source),
				portArg(source), "--username=" + PostgresSourceWriter.username(source), "--dbname=" + database,
				dump.toString()));
		run(argv, source, "pg_restore into " + database);
	}

	private static void run(List<String> argv, Source source, String what) throws IOException, SourceException {
		ToolProcess.Result result = ToolProcess.run(argv, PostgresSourceWriter.passwordEnvironment(source),
				RESTORE_TIMEOUT_SECONDS);
		if (result.exitCode() != 0) {
			throw new SourceException("source '" + source.id() + "': " + what + " failed (exit " + result.exitCode()
					+ "), nothing live changed: " + result.output());
		}
	}

	private static String hostArg(Source source) {
		return "--host=" + PostgresLocation.parse(source.url()).host();
	}

	private static String portArg(Source source) {
		return "--port=" + PostgresLocation.parse(source.url()).port();
	}

	private static Path preRestoreDump(Staging staging) {
		return Path.of(staging.work().replace(".pgdump", ".before.pgdump"));
	}

	private static Set<String> rowTables(Manifest.SourceInfo info) {
		return (info.rowCounts() != null) ? info.rowCounts().keySet() : Set.of();
	}

	/** A connection to the server's maintenance database, since a database cannot be renamed from inside it. */
	private static Connection maintenance(Source source) throws SQLException {
		return PostgresSourceWriter.connect(withDatabase(source, "postgres"));
	}

	private static boolean databaseExists(Connection connection, String db) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
			statement.setString(1, db);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next();
			}
		}
	}

	private static boolean owns(Connection connection, String db) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"select pg_catalog.pg_get_userbyid(datdba) = current_user from pg_database where datname = ?")) {
			statement.setString(1, db);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getBoolean(1);
			}
		}
	}

	private static void disconnectOthers(Connection connection, String db) {
		try (PreparedStatement statement = connection.prepareStatement(
				"select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
			statement.setString(1, db);
			statement.executeQuery().close();
		}
		catch (SQLException ex) {
			// Not allowed to end other sessions: the rename says so if any is left.
		}
	}

	private static String name(String db, String kind, long runId) {
		String suffix = "_mamori_" + kind + "_" + Math.abs(runId);
		String base = (db.length() + suffix.length() > 63) ? db.substring(0, 63 - suffix.length()) : db;
		return base + suffix;
	}

	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
