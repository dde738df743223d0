package dev.mamori.backup.source;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.backup.archive.Manifest;

/**
 * Where a drill restores each source, and what it does with the restored databases: files and SQLite
 * databases go into the drill's scratch folder; a PostgreSQL database is restored by the same handler into
 * a scratch database {@code <db>_drill_<id>} on the same server (dropped afterwards), which needs a role
 * that may create databases. Only this class branches on the source type for drills.
 */
public final class DrillDatabases {

	private static final String DRILL = "_drill_";

	private DrillDatabases() {
	}

	/**
	 * @param info the source in the snapshot's manifest
	 * @param scratch the drill's scratch folder
	 * @param declared the source as declared in the configuration (a PostgreSQL drill needs its connection),
	 * or {@code null} on a machine that has no configuration for it
	 * @param drillId the drill's id
	 * @return the source the drill restores into
	 * @throws SourceException when it cannot be restored in a drill
	 */
	public static Source target(Manifest.SourceInfo info, Path scratch, Source declared, long drillId)
			throws SourceException {
		SourceType type = SourceHandlers.type(info.type());
		if (type.isLocatedByPath()) {
			return SourceHandlers.retarget(info, scratch);
		}
		if (declared == null || declared.url() == null) {
			throw new SourceException("source '" + info.id() + "' is a PostgreSQL database: a drill needs its connection "
					+ "(JDBC URL and user) from the configuration, and the user must be allowed to create databases");
		}
		String database = PostgresSourceWriter.location(declared).database();
		String scratchDb = database + DRILL + drillId;
		if (scratchDb.length() > 40) {
			scratchDb = database.substring(0, Math.max(1, 40 - (DRILL + drillId).length())) + DRILL + drillId;
		}
		return PostgresRestore.withDatabase(declared, scratchDb);
	}

	/**
	 * @param source a restored source
	 * @return a read-only connection to the restored database, for the verification queries
	 * @throws SQLException when it cannot be opened
	 */
	public static Connection open(Source source) throws SQLException {
		if (source.type().isLocatedByPath()) {
			return DriverManager.getConnection("jdbc:sqlite:file:" + source.path() + "?mode=ro");
		}
		Connection connection = PostgresSourceWriter.connect(source);
		connection.setReadOnly(true);
		return connection;
	}

	/**
	 * Validates, in the scratch copy, every constraint restored as {@code NOT VALID} (pg_restore checks the
	 * others when it creates them). SQLite: {@code PRAGMA foreign_key_check}.
	 * @param source a restored database source
	 * @return what was checked, or {@code null} for a source that is not a database
	 * @throws SourceException naming the constraint that does not hold
	 */
	public static String checkConstraints(Source source) throws SourceException {
		if (!source.type().hasRows()) {
			return null;
		}
		if (source.type().isLocatedByPath()) {
			try (Connection connection = open(source); Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("PRAGMA foreign_key_check")) {
				if (rows.next()) {
					throw new SourceException("source '" + source.id() + "': PRAGMA foreign_key_check found a row of table "
							+ rows.getString(1) + " (rowid " + rows.getString(2) + ") whose parent in " + rows.getString(3)
							+ " is missing");
				}
				return source.id() + ": PRAGMA foreign_key_check found no violation";
			}
			catch (SQLException ex) {
				throw new SourceException("source '" + source.id() + "': PRAGMA foreign_key_check failed: " + ex.getMessage(), ex);
			}
		}
		List<String> validated = new ArrayList<>();
		int total;
		try (Connection connection = PostgresSourceWriter.connect(source); Statement statement = connection.createStatement()) {
			try (ResultSet rows = statement.executeQuery("select count(*) from pg_constraint c join pg_namespace n on n.oid = "
					+ "c.connamespace where n.nspname not in ('pg_catalog', 'information_schema') and c.contype in ('c','f','p','u','x')")) {
				rows.next();
				total = rows.getInt(1);
			}
			List<String[]> notValid = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery("select n.nspname, t.relname, c.conname from pg_constraint c "
					+ "join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace "
					+ "where not c.convalidated and n.nspname not in ('pg_catalog', 'information_schema')")) {
				while (rows.next()) {
					notValid.add(new String[] { rows.getString(1), rows.getString(2), rows.getString(3) });
				}
			}
			for (String[] c : notValid) {
				String name = quote(c[0]) + "." + quote(c[1]);
				try {
					statement.execute("alter table " + name + " validate constraint " + quote(c[2]));
					validated.add(c[2]);
				}
				catch (SQLException ex) {
					throw new SourceException("source '" + source.id() + "': constraint " + c[2] + " on " + c[0] + "." + c[1]
							+ " (NOT VALID in the snapshot) does not hold: " + ex.getMessage(), ex);
				}
			}
		}
		catch (SQLException ex) {
			throw new SourceException("source '" + source.id() + "': could not check the constraints: " + ex.getMessage(), ex);
		}
		return source.id() + ": " + total + " constraints hold" + (validated.isEmpty() ? ""
				: " (" + validated.size() + " NOT VALID ones validated in the scratch copy: " + String.join(", ", validated) + ")");
	}

	/**
	 * Drops a drill's scratch database (a PostgreSQL target made by {@link #target}); nothing for other types.
	 * @param source the drill's target
	 * @return what was dropped, or {@code null}
	 * @throws SourceException when it could not be dropped
	 */
	public static String drop(Source source) throws SourceException {
		if (source.type().isLocatedByPath()) {
			return null;
		}
		String database = PostgresSourceWriter.location(source).database();
		if (!database.contains(DRILL)) {
			throw new SourceException("refusing to drop '" + database + "': not a drill's scratch database");
		}
		return dropAll(source, (name) -> name.equals(database) || name.startsWith(database + "_mamori_")) > 0
				? "scratch database " + database + " dropped" : null;
	}

	/**
	 * After a crash: drops every drill scratch database of a declared PostgreSQL source
	 * ({@code <db>_drill_*}, with the restore's own staging names under it).
	 * @param declared a declared source
	 * @return how many databases were dropped
	 */
	public static int sweep(Source declared) {
		if (declared.type().isLocatedByPath() || declared.url() == null) {
			return 0;
		}
		try {
			String database = PostgresSourceWriter.location(declared).database();
			String prefix = database.substring(0, Math.min(database.length(), 40 - DRILL.length() - 1)) + DRILL;
			return dropAll(declared, (name) -> name.startsWith(prefix)
					&& name.substring(prefix.length()).matches("[0-9]+(_mamori_.*)?"));
		}
		catch (SourceException ex) {
			return 0;
		}
	}

	private static int dropAll(Source source, java.util.function.Predicate<String> ours) throws SourceException {
		int dropped = 0;
		try (Connection connection = PostgresSourceWriter.connect(PostgresRestore.withDatabase(source, "postgres"))) {
			List<String> names = new ArrayList<>();
			try (Statement find = connection.createStatement();
					ResultSet rows = find.executeQuery("select datname from pg_database where datname like '%" + DRILL + "%'")) {
				while (rows.next()) {
					if (ours.test(rows.getString(1))) {
						names.add(rows.getString(1));
					}
				}
			}
			for (String name : names) {
				try (PreparedStatement kick = connection.prepareStatement(
						"select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
					kick.setString(1, name);
					kick.execute();
				}
				try (Statement statement = connection.createStatement()) {
					statement.execute("drop database if exists " + quote(name));
					dropped++;
				}
			}
		}
		catch (SQLException ex) {
			throw new SourceException("could not drop a drill's scratch database: " + ex.getMessage(), ex);
		}
		return dropped;
	}

	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
